namespace MusicGenre.Datasets;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread (no synchronisation context).</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
