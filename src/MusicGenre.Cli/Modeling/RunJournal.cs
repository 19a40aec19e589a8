using System.Text.Json;
using MusicGenre.IO;

namespace MusicGenre.Cli.Modeling;

/// <summary>
/// The finished runs of a <c>compare</c> (model × seed × fold → test accuracy), saved after every run in
/// <c>runs.json</c> of the report folder, so an interrupted comparison resumes where it stopped. Not thread-safe.
/// </summary>
internal sealed class RunJournal
{
    public const string FileName = "runs.json";
    private readonly string _path;
    private readonly List<Entry> _entries;

    private RunJournal(string path, string signature, List<Entry> entries)
    {
        _path = path;
        Signature = signature;
        _entries = entries;
    }

    /// <summary>What must match for old runs to count (dataset, split, training options).</summary>
    public string Signature { get; }

    public int Count => _entries.Count;

    public sealed record Entry(string Model, int Seed, int Fold, double Accuracy);

    private sealed record Document(string Signature, List<Entry> Runs);

    /// <summary>Opens the journal of <paramref name="folder"/>; entries recorded under another signature are ignored (and replaced).</summary>
    public static RunJournal Open(string folder, string signature)
    {
        var path = Path.Combine(folder, FileName);
        var entries = new List<Entry>();
        if (File.Exists(path))
        {
            try
            {
                var doc = JsonSerializer.Deserialize<Document>(File.ReadAllText(path));
                if (doc is not null && doc.Signature == signature) entries = doc.Runs;
            }
            catch (JsonException) { /* a damaged journal only costs re-running */ }
        }
        return new RunJournal(path, signature, entries);
    }

    public Entry? Find(string model, int seed, int fold) => _entries.FirstOrDefault(e => e.Model == model && e.Seed == seed && e.Fold == fold);

    public void Add(Entry entry)
    {
        _entries.RemoveAll(e => e.Model == entry.Model && e.Seed == entry.Seed && e.Fold == entry.Fold);
        _entries.Add(entry);
        AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(new Document(Signature, _entries), new JsonSerializerOptions { WriteIndented = true }));
    }
}
