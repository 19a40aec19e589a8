using Spectre.Console;

namespace MusicGenre.Cli;

/// <summary>Spectre progress bars with ETA, one task per stage description.</summary>
internal static class Progress
{
    /// <summary>Reports (stage, done, total) for a bar named after the stage.</summary>
    public delegate void Report(string stage, double done, double? total);

    /// <summary>Runs <paramref name="work"/> with a live progress display.</summary>
    public static Task Run(IAnsiConsole console, Func<Report, Task> work)
        => console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var gate = new object();
                void OnReport(string stage, double done, double? total)
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(stage, out var task))
                        {
                            foreach (var other in tasks.Values) if (!other.IsFinished) other.Value = other.MaxValue;
                            tasks[stage] = task = ctx.AddTask(Markup.Escape(stage));
                        }
                        task.MaxValue = total is > 0 ? total.Value : Math.Max(done, 1);
                        task.Value = Math.Min(done, task.MaxValue);
                        task.IsIndeterminate = total is null or <= 0;
                    }
                }
                await work(OnReport).ConfigureAwait(false);
                lock (gate) foreach (var t in tasks.Values) { t.IsIndeterminate = false; t.Value = t.MaxValue; }
            });

    /// <summary>An <see cref="IProgress{T}"/> that calls its handler synchronously.</summary>
    public sealed class Reporter<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
