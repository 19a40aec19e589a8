using System.Text.Json.Serialization;
using MusicGenre.IO;
using MusicGenre.Orleans.Grains;
using Parquet.Serialization;

namespace MusicGenre.Orleans.Results;

/// <summary>
/// The Parquet form of a batch's results, written once from the complete CSV journal (a Parquet file cannot be
/// appended row by row safely: its footer is written last). It is written to a temporary file in the destination
/// folder and renamed, so it is either absent, the previous complete one, or the new complete one.
/// </summary>
public static class BatchResultParquet
{
    /// <summary>The Parquet file that goes with a CSV output: the same name with the extension .parquet.</summary>
    /// <param name="csvPath">The CSV output.</param>
    public static string PathFor(string csvPath) => Path.ChangeExtension(Path.GetFullPath(csvPath), ".parquet");

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="rows">The rows (their top 3 scores are kept as columns genre_2, probability_2, genre_3, probability_3).</param>
    /// <param name="cancellationToken">Stops the write; the file stays as it was.</param>
    /// <exception cref="FileWriteException">The file system refused the write (disk full, read-only...); the file stays as it was.</exception>
    public static Task WriteAsync(string path, IEnumerable<TrackClassification> rows, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(rows);
        var full = Path.GetFullPath(path);
        // AtomicFile: a temporary file in the same folder, flushed to disk, renamed over the old one; deleted on failure.
        return Task.Run(() => AtomicFile.Write(full, stream =>
            ParquetSerializer.SerializeAsync(rows.Select(ParquetRow.From), stream, cancellationToken: cancellationToken).GetAwaiter().GetResult()), cancellationToken);
    }

    /// <summary>Reads a Parquet file written by <see cref="WriteAsync"/>.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<IReadOnlyList<TrackClassification>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        var result = await ParquetSerializer.DeserializeAsync<ParquetRow>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. result.Data.Select(r => r.ToClassification())];
    }

    /// <summary>One row as Parquet.Net serialises it (nullable where a failed track has no value).</summary>
    internal sealed class ParquetRow
    {
        [JsonPropertyName("path")] public string Path { get; set; } = "";
        [JsonPropertyName("genre")] public string? Genre { get; set; }
        [JsonPropertyName("probability")] public float? Probability { get; set; }
        [JsonPropertyName("genre_2")] public string? Genre2 { get; set; }
        [JsonPropertyName("probability_2")] public float? Probability2 { get; set; }
        [JsonPropertyName("genre_3")] public string? Genre3 { get; set; }
        [JsonPropertyName("probability_3")] public float? Probability3 { get; set; }
        [JsonPropertyName("model")] public string Model { get; set; } = "";
        [JsonPropertyName("silo")] public string Silo { get; set; } = "";
        [JsonPropertyName("elapsed_ms")] public double ElapsedMs { get; set; }
        [JsonPropertyName("attempts")] public int Attempts { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }

        public static ParquetRow From(TrackClassification r) => new()
        {
            Path = r.Path,
            Genre = r.Succeeded ? r.Genre : null,
            Probability = r.Succeeded ? r.Probability : null,
            Genre2 = r.Scores.Count > 1 ? r.Scores[1].Genre : null,
            Probability2 = r.Scores.Count > 1 ? r.Scores[1].Probability : null,
            Genre3 = r.Scores.Count > 2 ? r.Scores[2].Genre : null,
            Probability3 = r.Scores.Count > 2 ? r.Scores[2].Probability : null,
            Model = r.Model,
            Silo = r.Silo,
            ElapsedMs = r.Elapsed.TotalMilliseconds,
            Attempts = r.Attempts,
            Error = r.Error,
        };

        public TrackClassification ToClassification()
        {
            var scores = new List<TrackGenreScore>();
            if (Genre is not null && Probability is { } p) scores.Add(new(Genre, p));
            if (Genre2 is not null && Probability2 is { } p2) scores.Add(new(Genre2, p2));
            if (Genre3 is not null && Probability3 is { } p3) scores.Add(new(Genre3, p3));
            return new TrackClassification
            {
                Path = Path, Genre = Genre ?? "", Probability = Probability ?? 0, Scores = scores, Model = Model, Silo = Silo,
                Elapsed = TimeSpan.FromMilliseconds(ElapsedMs), Attempts = Attempts, Error = Error,
            };
        }
    }
}
