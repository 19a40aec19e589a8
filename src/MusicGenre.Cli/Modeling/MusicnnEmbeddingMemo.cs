using System.Collections.Concurrent;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// Frozen musicnn embeddings computed in this process, keyed by file (path, size, modification time) and by what
/// shapes the embedding (weights file, patch options): the folds and seeds of one run embed each track once. The
/// pretrained network is deterministic, so a remembered embedding equals a recomputed one. Thread-safe.
/// </summary>
internal static class MusicnnEmbeddingMemo
{
    private static readonly ConcurrentDictionary<string, Lazy<float[]>> Entries = new(StringComparer.Ordinal);

    /// <summary>The remembered embedding of <paramref name="path"/> under <paramref name="optionsKey"/>, computing it once.</summary>
    public static float[] GetOrAdd(string path, string optionsKey, Func<float[]> compute)
    {
        var info = new FileInfo(path);
        var key = info.Exists ? $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{optionsKey}" : null;
        if (key is null) return compute(); // let the decoder report the missing file
        var entry = Entries.GetOrAdd(key, _ => new Lazy<float[]>(compute, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value;
        }
        catch
        {
            Entries.TryRemove(new KeyValuePair<string, Lazy<float[]>>(key, entry)); // do not remember failures (or a cancelled pass)
            throw;
        }
    }
}
