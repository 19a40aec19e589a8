using System.Globalization;
using System.Text;
using MusicGenre.Orleans.Batch;
using MusicGenre.Orleans.Grains;

namespace MusicGenre.Orleans.Results;

/// <summary>
/// A batch's CSV output, which is also its journal: one row per track (path, genre, probability, top 3, model, silo,
/// elapsed, attempts, error), appended and flushed to disk batch by batch. Opening an existing file resumes it: its
/// complete rows are the tracks already done, and a last row cut short by a crash is dropped (the file is truncated
/// to its last complete row), so a killed client leaves a file that is always valid and never holds a track twice.
/// While it is open, <c>RESULTS.csv.lock</c> beside it is held (and deleted on close), so two runs cannot write it at
/// once; readers can read it meanwhile.
/// </summary>
public sealed class BatchResultFile : IDisposable
{
    /// <summary>The header row, the columns in order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["path", "genre", "probability", "top3", "model", "silo", "elapsed_ms", "attempts", "error"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly FileStream guard;
    private readonly FileStream stream;
    private readonly HashSet<string> completed;

    private BatchResultFile(string path, FileStream guard, FileStream stream, HashSet<string> completed, int failed, string? model, int droppedBytes)
    {
        Path = path;
        this.guard = guard;
        this.stream = stream;
        this.completed = completed;
        Failed = failed;
        Model = model;
        DroppedBytes = droppedBytes;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The tracks that have a row (as their paths are written).</summary>
    public IReadOnlySet<string> Completed => completed;

    /// <summary>Rows with an error.</summary>
    public int Failed { get; private set; }

    /// <summary>The model of the rows; null while the file has none.</summary>
    public string? Model { get; private set; }

    /// <summary>Bytes of a torn last row dropped when the file was opened (0 when the last run ended cleanly).</summary>
    public int DroppedBytes { get; }

    /// <summary>Creates the file, or opens it to resume: its rows are read, a torn last row is dropped, new rows are appended.</summary>
    /// <param name="path">The CSV file.</param>
    /// <exception cref="GenreBatchException">The file is not a batch result file, mixes models, or another run has it open.</exception>
    public static BatchResultFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        FileStream guard, stream;
        try
        {
            // The lock is a file of its own, so that readers (and tail -f) can read the results while the run writes them.
            guard = new FileStream(full + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new GenreBatchException($"{full} is being written by another batch run ({full}.lock is held): {e.Message}", e);
        }
        try
        {
            stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);
        }
        catch
        {
            guard.Dispose();
            throw;
        }
        try
        {
            var text = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true).ReadToEnd();
            var records = CsvRecords.Parse(text, out var completeLength);
            var completed = new HashSet<string>(StringComparer.Ordinal);
            int failed = 0;
            var models = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < records.Count; i++)
            {
                var (fields, line) = records[i];
                if (i == 0)
                {
                    if (!fields.SequenceEqual(Columns)) throw new GenreBatchException($"{full} is not a batch result file: its first row is not '{string.Join(",", Columns)}'. Choose another --out.");
                    continue;
                }
                if (fields.Count != Columns.Count) throw new GenreBatchException($"{full} line {line}: {fields.Count} fields, expected {Columns.Count}. Repair or remove that row.");
                if (!completed.Add(fields[0])) throw new GenreBatchException($"{full} line {line}: {fields[0]} has a row already.");
                if (fields[8].Length > 0) failed++;
                if (fields[4].Length > 0) models.Add(fields[4]);
            }
            if (models.Count > 1) throw new GenreBatchException($"{full} holds rows of {models.Count} models ({string.Join(", ", models)}); a run writes one model's results.");
            var keep = Utf8.GetByteCount(text.AsSpan(0, completeLength));
            int dropped = (int)(stream.Length - keep);
            stream.SetLength(keep);
            stream.Seek(0, SeekOrigin.End);
            var file = new BatchResultFile(full, guard, stream, completed, failed, models.FirstOrDefault(), dropped);
            if (keep == 0) file.Write(CsvRecords.Format(Columns));
            return file;
        }
        catch
        {
            stream.Dispose();
            guard.Dispose();
            throw;
        }
    }

    /// <summary>Appends rows and flushes them to disk; a row whose track already has one is skipped (returns how many were written).</summary>
    /// <param name="rows">The rows.</param>
    /// <exception cref="GenreBatchException">A row is of another model than the file's.</exception>
    public int Append(IEnumerable<TrackClassification> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        int written = 0;
        foreach (var row in rows)
        {
            if (Model is not null && row.Model.Length > 0 && row.Model != Model)
                throw new GenreBatchException($"{Path} holds results of {Model}; a row of {row.Model} ({row.Path}) cannot join them.");
            if (!completed.Add(row.Path)) continue;
            if (row.Model.Length > 0) Model ??= row.Model;
            if (!row.Succeeded) Failed++;
            text.Append(CsvRecords.Format(Fields(row)));
            written++;
        }
        if (written > 0) Write(text.ToString());
        return written;
    }

    /// <summary>The rows written so far, in file order (for a Parquet copy while the file is still open). Scores hold the top 3 that the file keeps.</summary>
    public IReadOnlyList<TrackClassification> ReadRows()
    {
        stream.Seek(0, SeekOrigin.Begin);
        var text = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true).ReadToEnd();
        stream.Seek(0, SeekOrigin.End);
        return Rows(text, Path);
    }

    /// <summary>Reads the rows of a result file that no run has open (a torn last row is left out). Scores hold the top 3 that the file keeps.</summary>
    /// <param name="path">The CSV file.</param>
    /// <exception cref="GenreBatchException">Not a batch result file.</exception>
    public static IReadOnlyList<TrackClassification> Read(string path) => Rows(File.ReadAllText(path, Utf8), path);

    private static List<TrackClassification> Rows(string text, string path)
    {
        var records = CsvRecords.Parse(text, out _);
        if (records.Count == 0 || !records[0].Fields.SequenceEqual(Columns)) throw new GenreBatchException($"{path} is not a batch result file (its first row is not '{string.Join(",", Columns)}').");
        return [.. records.Skip(1).Select(r => r.Fields.Count == Columns.Count ? Row(r.Fields)
            : throw new GenreBatchException($"{path} line {r.Line}: {r.Fields.Count} fields, expected {Columns.Count}."))];
    }

    /// <summary>Closes the file (everything appended is already on disk).</summary>
    public void Dispose()
    {
        stream.Dispose();
        guard.Dispose();
    }

    private void Write(string text)
    {
        stream.Write(Utf8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static string[] Fields(TrackClassification row) =>
    [
        row.Path,
        row.Genre,
        row.Succeeded ? row.Probability.ToString("R", Invariant) : "",
        string.Join("|", row.Scores.Take(3).Select(s => s.Genre + ":" + s.Probability.ToString("R", Invariant))),
        row.Model,
        row.Silo,
        row.Elapsed.TotalMilliseconds.ToString("0.###", Invariant),
        row.Attempts.ToString(Invariant),
        row.Error ?? "",
    ];

    private static TrackClassification Row(List<string> f) => new()
    {
        Path = f[0],
        Genre = f[1],
        Probability = f[2].Length > 0 ? float.Parse(f[2], Invariant) : 0,
        Scores = [.. f[3].Split('|', StringSplitOptions.RemoveEmptyEntries).Select(s =>
        {
            var colon = s.LastIndexOf(':');
            return new TrackGenreScore(s[..colon], float.Parse(s[(colon + 1)..], Invariant));
        })],
        Model = f[4],
        Silo = f[5],
        Elapsed = TimeSpan.FromMilliseconds(double.Parse(f[6], Invariant)),
        Attempts = int.Parse(f[7], Invariant),
        Error = f[8].Length > 0 ? f[8] : null,
    };
}
