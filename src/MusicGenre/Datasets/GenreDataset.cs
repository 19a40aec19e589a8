namespace MusicGenre.Datasets;

/// <summary>
/// A labelled collection of tracks: GTZAN (original <c>.au</c> layout or the WAV copy), any folder-per-genre
/// collection, or a CSV manifest. Files are listed, not decoded; files left out are in <see cref="Issues"/>.
/// Immutable and thread-safe.
/// </summary>
public sealed class GenreDataset
{
    internal GenreDataset(string name, string? source, DatasetLayout layout, IReadOnlyList<GenreTrack> tracks, IReadOnlyList<DatasetIssue> issues)
    {
        Name = name;
        Source = source;
        Layout = layout;
        Tracks = tracks;
        Issues = issues;
        Labels = tracks.Select(t => t.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>A short name for reports (the folder or manifest name, or <c>synthetic</c>).</summary>
    public string Name { get; }

    /// <summary>The folder or manifest the dataset was read from; null when built in memory.</summary>
    public string? Source { get; }

    /// <summary>How the dataset was found on disk.</summary>
    public DatasetLayout Layout { get; }

    /// <summary>The tracks, ordered by label then path.</summary>
    public IReadOnlyList<GenreTrack> Tracks { get; }

    /// <summary>The distinct labels, sorted ordinally (this is the key order models use).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Files that were left out, with the reason (known-broken, empty, missing, unreadable...).</summary>
    public IReadOnlyList<DatasetIssue> Issues { get; }

    /// <summary>Number of tracks per label.</summary>
    public IReadOnlyDictionary<string, int> CountByLabel()
        => Tracks.GroupBy(t => t.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Reads a dataset from a folder (GTZAN original, GTZAN WAV copy or folder-per-genre, detected) or a
    /// <c>.csv</c> manifest.
    /// </summary>
    /// <param name="path">A folder or a CSV file.</param>
    /// <param name="options">Extensions, known-broken skipping, artist index; null for defaults.</param>
    /// <exception cref="DatasetException">The path does not exist or holds no track.</exception>
    public static GenreDataset Load(string path, DatasetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return FromCsv(path, options);
            throw new DatasetException(path, "is a file but not a .csv manifest; give a folder with one sub-folder per genre, or a CSV with 'path,label' rows.");
        }
        return FromFolder(path, options);
    }

    /// <summary>
    /// Reads a folder. <c>root/genres/</c> (GTZAN's archive) and <c>root/genres_original/</c> (its WAV copy, also
    /// under <c>root/Data/</c>) are found automatically; otherwise each sub-folder of <paramref name="root"/> is a genre.
    /// </summary>
    /// <param name="root">The dataset folder.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <exception cref="DatasetException">The folder does not exist or holds no audio file in a genre folder.</exception>
    public static GenreDataset FromFolder(string root, DatasetLoadOptions? options = null)
    {
        options ??= new DatasetLoadOptions();
        options.Validate();
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new DatasetException(root, "dataset folder not found.");

        var (genreRoot, layout) = DetectLayout(root);
        var extensions = new HashSet<string>(options.Extensions, StringComparer.OrdinalIgnoreCase);
        var tracks = new List<GenreTrack>();
        var issues = new List<DatasetIssue>();

        foreach (var file in Directory.EnumerateFiles(genreRoot))
            if (extensions.Contains(Path.GetExtension(file)))
                issues.Add(new DatasetIssue(file, DatasetIssueKind.NotInGenreFolder, "audio file directly in the dataset folder, not in a genre sub-folder; ignored."));

        var search = options.Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        foreach (var genreDir in Directory.EnumerateDirectories(genreRoot).Order(StringComparer.Ordinal))
        {
            var label = Path.GetFileName(genreDir);
            if (label.StartsWith('.')) continue;
            foreach (var file in Directory.EnumerateFiles(genreDir, "*", search).Order(StringComparer.Ordinal))
            {
                if (!extensions.Contains(Path.GetExtension(file)) || Path.GetFileName(file).StartsWith('.')) continue;
                AddTrack(file, label, null, options, tracks, issues);
            }
        }

        if (tracks.Count == 0)
        {
            var hint = issues.Count > 0
                ? $" {issues.Count} file(s) were left out, e.g. {issues[0]}."
                : $" Expected <root>/<genre>/<file> with extensions {string.Join(", ", options.Extensions)}.";
            throw new DatasetException(root, "the dataset is empty: no audio file found in a genre sub-folder." + hint);
        }
        var name = layout is DatasetLayout.GtzanOriginal or DatasetLayout.GtzanWav ? "gtzan" : Path.GetFileName(root);
        return new GenreDataset(name, root, layout, Sort(tracks), issues);
    }

    /// <summary>
    /// Reads a CSV manifest: a header <c>path,label</c> (optionally <c>,artist</c>, any column order) or no header
    /// with <c>path,label</c> rows. Relative paths are resolved against the manifest's folder. Fields may be quoted.
    /// </summary>
    /// <param name="csvPath">The manifest.</param>
    /// <param name="options">Options; null for defaults (extensions are not enforced for manifests).</param>
    /// <exception cref="DatasetException">The manifest is missing, has no usable row, or lacks a path or label column.</exception>
    public static GenreDataset FromCsv(string csvPath, DatasetLoadOptions? options = null)
    {
        options ??= new DatasetLoadOptions();
        options.Validate();
        csvPath = Path.GetFullPath(csvPath);
        if (!File.Exists(csvPath)) throw new DatasetException(csvPath, "manifest not found.");
        var baseDir = Path.GetDirectoryName(csvPath)!;
        var tracks = new List<GenreTrack>();
        var issues = new List<DatasetIssue>();
        int pathCol = 0, labelCol = 1, artistCol = -1, lineNo = 0;
        var first = true;
        foreach (var line in File.ReadLines(csvPath))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var fields = CsvLine.Split(line);
            if (first)
            {
                first = false;
                var lower = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                if (lower.Contains("path") || lower.Contains("label"))
                {
                    pathCol = lower.IndexOf("path");
                    labelCol = lower.IndexOf("label");
                    artistCol = lower.IndexOf("artist");
                    if (pathCol < 0 || labelCol < 0)
                        throw new DatasetException(csvPath, $"the header must have 'path' and 'label' columns; found {string.Join(", ", fields)}.");
                    continue;
                }
            }
            if (fields.Count <= Math.Max(pathCol, labelCol) || string.IsNullOrWhiteSpace(fields[pathCol]) || string.IsNullOrWhiteSpace(fields[labelCol]))
            {
                issues.Add(new DatasetIssue($"{csvPath}:{lineNo}", DatasetIssueKind.BadManifestLine, $"expected 'path,label', got '{line}'."));
                continue;
            }
            var file = fields[pathCol].Trim();
            if (Path.DirectorySeparatorChar == '/') file = file.Replace('\\', '/'); // manifests written on Windows
            file = Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(baseDir, file));
            var artist = artistCol >= 0 && artistCol < fields.Count && !string.IsNullOrWhiteSpace(fields[artistCol]) ? fields[artistCol].Trim() : null;
            AddTrack(file, fields[labelCol].Trim(), artist, options, tracks, issues);
        }
        if (tracks.Count == 0)
            throw new DatasetException(csvPath, "the dataset is empty: the manifest lists no existing audio file." + (issues.Count > 0 ? $" First problem: {issues[0]}" : ""));
        return new GenreDataset(Path.GetFileNameWithoutExtension(csvPath), csvPath, DatasetLayout.CsvManifest, Sort(tracks), issues);
    }

    /// <summary>Builds a dataset from tracks already known (no file is touched).</summary>
    /// <param name="name">A name for reports.</param>
    /// <param name="tracks">The tracks.</param>
    /// <param name="issues">Files already left out, if any.</param>
    public static GenreDataset FromTracks(string name, IEnumerable<GenreTrack> tracks, IEnumerable<DatasetIssue>? issues = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tracks);
        return new GenreDataset(name, null, DatasetLayout.InMemory, Sort(tracks.ToList()), issues?.ToArray() ?? []);
    }

    /// <summary>
    /// Checks that the dataset can be trained on: at least two genres, and at least <paramref name="minTracksPerGenre"/>
    /// tracks in each.
    /// </summary>
    /// <param name="minTracksPerGenre">Fewest tracks a genre needs (one per split part); default 2.</param>
    /// <exception cref="DatasetException">Fewer than two genres, or a genre with too few tracks (all are named).</exception>
    public void EnsureTrainable(int minTracksPerGenre = 2)
    {
        if (Labels.Count < 2)
            throw new DatasetException(Source, $"only one genre ('{Labels.FirstOrDefault()}') was found; a genre classifier needs at least two genre folders (or labels).");
        var few = CountByLabel().Where(kv => kv.Value < minTracksPerGenre).Select(kv => $"'{kv.Key}' has {kv.Value}").ToList();
        if (few.Count > 0)
            throw new DatasetException(Source, $"every genre needs at least {minTracksPerGenre} tracks to be split into train/validation/test parts: {string.Join(", ", few)}.");
    }

    /// <summary>A copy whose tracks carry artists from <paramref name="index"/> (tracks the index does not know keep theirs).</summary>
    /// <param name="index">The artist index.</param>
    public GenreDataset WithArtists(ArtistIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return new GenreDataset(Name, Source, Layout, Tracks.Select(t => t with { Artist = index.Find(t.Path) ?? t.Artist }).ToArray(), Issues);
    }

    /// <summary>
    /// A copy without the tracks <paramref name="isReadable"/> rejects; each rejected track becomes an
    /// <see cref="DatasetIssueKind.Unreadable"/> issue with the exception's message. Runs in parallel.
    /// </summary>
    /// <param name="isReadable">Throws when a file cannot be read (for example by decoding its header).</param>
    /// <param name="progress">Receives the number of files checked so far.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public GenreDataset WithoutUnreadable(Action<string> isReadable, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isReadable);
        var failures = new DatasetIssue?[Tracks.Count];
        var done = 0;
        Parallel.For(0, Tracks.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try { isReadable(Tracks[i].Path); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures[i] = new DatasetIssue(Tracks[i].Path, DatasetIssueKind.Unreadable, ex.Message);
            }
            progress?.Report(Interlocked.Increment(ref done));
        });
        var kept = Tracks.Where((_, i) => failures[i] is null).ToArray();
        return new GenreDataset(Name, Source, Layout, kept, [.. Issues, .. failures.OfType<DatasetIssue>()]);
    }

    private static void AddTrack(string file, string label, string? artist, DatasetLoadOptions options, List<GenreTrack> tracks, List<DatasetIssue> issues)
    {
        if (options.SkipKnownBroken && GtzanKnownFaults.IsKnownBroken(file))
        {
            issues.Add(new DatasetIssue(file, DatasetIssueKind.KnownBroken, "GTZAN's jazz.00054 is known to be unreadable in common copies; skipped (set SkipKnownBroken = false to keep it)."));
            return;
        }
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            issues.Add(new DatasetIssue(file, DatasetIssueKind.Missing, "file not found."));
            return;
        }
        if (info.Length == 0)
        {
            issues.Add(new DatasetIssue(file, DatasetIssueKind.Empty, "file is empty (0 bytes)."));
            return;
        }
        tracks.Add(new GenreTrack(info.FullName, label, artist ?? options.Artists?.Find(file)));
    }

    private static (string GenreRoot, DatasetLayout Layout) DetectLayout(string root)
    {
        foreach (var (sub, layout) in new[] { ("genres_original", DatasetLayout.GtzanWav), ("Data/genres_original", DatasetLayout.GtzanWav), ("genres", DatasetLayout.GtzanOriginal) })
        {
            var candidate = Path.Combine(root, sub);
            if (Directory.Exists(candidate)) return (candidate, layout);
        }
        var name = Path.GetFileName(root);
        if (name == "genres_original") return (root, DatasetLayout.GtzanWav);
        if (name == "genres") return (root, DatasetLayout.GtzanOriginal);
        return (root, DatasetLayout.FolderPerGenre);
    }

    private static GenreTrack[] Sort(List<GenreTrack> tracks)
        => tracks.OrderBy(t => t.Label, StringComparer.Ordinal).ThenBy(t => t.Path, StringComparer.Ordinal).ToArray();
}
