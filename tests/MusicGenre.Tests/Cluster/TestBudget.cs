namespace MusicGenre.Tests.Cluster;

/// <summary>
/// One time budget for every wait of a test (starting silos, a run, a process's exit), so that the test as a whole is
/// bounded, not each wait on its own; xunit's <c>Timeout</c>, a little longer, is the backstop.
/// </summary>
public sealed class TestBudget(TimeSpan total)
{
    private readonly DateTime deadline = DateTime.UtcNow + total;

    /// <summary>The whole budget.</summary>
    public TimeSpan Total { get; } = total;

    /// <summary>What is left of it (zero once it is spent).</summary>
    public TimeSpan Left => deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero;
}
