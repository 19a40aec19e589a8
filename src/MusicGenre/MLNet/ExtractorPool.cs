using System.Collections.Concurrent;

namespace MusicGenre.MLNet;

/// <summary>
/// Feature extractors hold scratch buffers and are not thread-safe; ML.NET may map rows on several threads at once.
/// A step rents one extractor per row and returns it, so concurrent cursors never share one.
/// </summary>
/// <typeparam name="T">The extractor type.</typeparam>
internal sealed class ExtractorPool<T>(Func<T> create) where T : class
{
    private readonly ConcurrentBag<T> idle = [];

    public TResult Use<TResult>(Func<T, TResult> work)
    {
        var item = idle.TryTake(out var found) ? found : create();
        try
        {
            return work(item);
        }
        finally
        {
            if (idle.Count < 2 * Environment.ProcessorCount) idle.Add(item);
        }
    }
}
