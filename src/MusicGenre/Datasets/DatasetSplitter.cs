namespace MusicGenre.Datasets;

/// <summary>
/// Splits a <see cref="GenreDataset"/> by track (never by window): stratified random train/valid/test, stratified
/// k-fold, or fixed list files such as GTZAN's fault-filtered split. Optionally keeps each artist in one part.
/// Deterministic for a given seed. Thread-safe (no shared state).
/// </summary>
public static class DatasetSplitter
{
    /// <summary>The fault-filtered split's list names (Kereliuk, Sturm &amp; Larsen 2015: 443/197/290 tracks).</summary>
    public const string FaultFiltered = "filtered";

    /// <summary>The stratified list names distributed with the fault-filtered ones (500/250/250 tracks).</summary>
    public const string Stratified = "stratified";

    /// <summary>
    /// A stratified random split: each genre's tracks are shuffled and cut into train, validation and test parts
    /// in the requested proportions (within one track per part and genre).
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">Fractions, seed, artist grouping; null for defaults (70/15/15, seed 1).</param>
    public static DatasetSplit StratifiedRandom(GenreDataset dataset, SplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new SplitOptions();
        options.Validate(needsTest: true);
        var train = 1 - options.ValidFraction - options.TestFraction;
        var parts = Assign(dataset.Tracks, [train, options.ValidFraction, options.TestFraction], options.GroupByArtist, new Random(options.Seed));
        return Checked(new DatasetSplit($"random (seed {options.Seed}{(options.GroupByArtist ? ", by artist" : "")})", parts[0], parts[1], parts[2]));
    }

    /// <summary>
    /// Stratified k-fold: the tracks are dealt into <paramref name="folds"/> folds with each genre spread evenly; fold
    /// <c>i</c> is the test part of split <c>i</c>, and a stratified <see cref="SplitOptions.ValidFraction"/> of the
    /// remaining tracks is its validation part.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="folds">Number of folds, at least 2 and at most the number of tracks.</param>
    /// <param name="options">Validation fraction, seed, artist grouping; null for defaults.</param>
    public static IReadOnlyList<DatasetSplit> StratifiedKFold(GenreDataset dataset, int folds, SplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new SplitOptions();
        options.Validate(needsTest: false);
        if (folds < 2 || folds > dataset.Tracks.Count)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"The number of folds must be between 2 and the number of tracks ({dataset.Tracks.Count}).");
        var rng = new Random(options.Seed);
        var fractions = Enumerable.Repeat(1.0 / folds, folds).ToArray();
        var foldTracks = Assign(dataset.Tracks, fractions, options.GroupByArtist, rng);
        var splits = new List<DatasetSplit>(folds);
        for (var f = 0; f < folds; f++)
        {
            var rest = foldTracks.Where((_, i) => i != f).SelectMany(t => t).ToList();
            IReadOnlyList<GenreTrack> train = rest, valid = [];
            if (options.ValidFraction > 0)
            {
                var tv = Assign(rest, [1 - options.ValidFraction, options.ValidFraction], options.GroupByArtist, new Random(unchecked(options.Seed * 7919 + f + 1)) /* HashCode is per-process random: not deterministic */);
                (train, valid) = (tv[0], tv[1]);
            }
            splits.Add(Checked(new DatasetSplit($"fold {f + 1}/{folds} (seed {options.Seed}{(options.GroupByArtist ? ", by artist" : "")})", train, valid, foldTracks[f])));
        }
        return splits;
    }

    /// <summary>
    /// A fixed split from three list files of track paths (e.g. coreyker/dnn-mgr's <c>train_filtered.txt</c>:
    /// <c>blues/blues.00029.wav</c> per line). Entries are matched to the dataset's tracks by track id (file name
    /// without extension), so the lists work for the <c>.au</c> and <c>.wav</c> copies alike. Dataset tracks in no
    /// list are left out; list entries missing from the dataset are reported in <see cref="DatasetSplit.Issues"/>.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="trainList">Training list file.</param>
    /// <param name="validList">Validation list file.</param>
    /// <param name="testList">Test list file.</param>
    /// <param name="name">Name of the split for reports.</param>
    /// <exception cref="DatasetException">A list is missing, a track is in two lists, or no entry matches the dataset.</exception>
    public static DatasetSplit FromListFiles(GenreDataset dataset, string trainList, string validList, string testList, string name = "list files")
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var byId = new Dictionary<string, GenreTrack>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in dataset.Tracks) byId.TryAdd(t.Id, t);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var issues = new List<DatasetIssue>();
        var parts = new List<GenreTrack>[3];
        string[] files = [trainList, validList, testList];
        for (var p = 0; p < 3; p++)
        {
            if (!File.Exists(files[p])) throw new DatasetException(files[p], "split list not found.");
            parts[p] = [];
            foreach (var raw in File.ReadLines(files[p]))
            {
                var entry = raw.Trim();
                if (entry.Length == 0 || entry.StartsWith('#')) continue;
                var id = TrackId.Of(entry);
                if (seen.TryGetValue(id, out var other))
                    throw new DatasetException(files[p], $"track '{id}' is also listed in {other}; split lists must be disjoint.");
                seen[id] = files[p];
                if (byId.TryGetValue(id, out var track)) parts[p].Add(track);
                else issues.Add(new DatasetIssue(entry, DatasetIssueKind.Missing, $"listed in {Path.GetFileName(files[p])} but not in the dataset{(GtzanKnownFaults.IsKnownBroken(id) ? " (known-broken, skipped)" : "")}."));
            }
        }
        if (parts.All(p => p.Count == 0))
            throw new DatasetException(dataset.Source, $"no track of the split lists ({trainList}, ...) was found in the dataset; do the file names match (e.g. blues.00000)?");
        return Checked(new DatasetSplit(name, parts[0], parts[1], parts[2], issues));
    }

    /// <summary>
    /// Reads <c>{train,valid,test}_&lt;kind&gt;.txt</c> from a folder (the layout of coreyker/dnn-mgr's <c>gtzan/</c>
    /// folder) and applies <see cref="FromListFiles"/>.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="listFolder">The folder holding the lists.</param>
    /// <param name="kind"><see cref="FaultFiltered"/> (default) or <see cref="Stratified"/>.</param>
    public static DatasetSplit FromListFolder(GenreDataset dataset, string listFolder, string kind = FaultFiltered)
    {
        if (!Directory.Exists(listFolder)) throw new DatasetException(listFolder, "split list folder not found.");
        string List(string part) => Path.Combine(listFolder, $"{part}_{kind}.txt");
        var name = kind == FaultFiltered ? "fault-filtered" : kind;
        return FromListFiles(dataset, List("train"), List("valid"), List("test"), name);
    }

    /// <summary>
    /// Deals tracks into parts with the given fractions, per genre. Units (single tracks, or all tracks of one artist)
    /// are visited in a seeded random order, largest units first, and each goes to the part whose genre counts are
    /// furthest below their targets.
    /// </summary>
    private static List<GenreTrack>[] Assign(IReadOnlyList<GenreTrack> tracks, double[] fractions, bool groupByArtist, Random rng)
    {
        var units = tracks
            .GroupBy(t => groupByArtist && t.Artist is not null ? "artist:" + t.Artist.ToLowerInvariant() : "track:" + t.Path, StringComparer.Ordinal)
            .Select(g => g.ToArray())
            .ToArray();
        rng.Shuffle(units);
        units = units.OrderByDescending(u => u.Length).ToArray(); // stable: keeps the shuffled order within a size

        var labels = tracks.Select(t => t.Label).Distinct(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var totals = new int[labels.Length];
        foreach (var t in tracks) totals[labelIndex[t.Label]]++;
        var counts = new int[fractions.Length, labels.Length];
        var parts = fractions.Select(_ => new List<GenreTrack>()).ToArray();

        foreach (var unit in units)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var p = 0; p < fractions.Length; p++)
            {
                if (fractions[p] <= 0) continue;
                var score = 0.0;
                foreach (var t in unit)
                {
                    var l = labelIndex[t.Label];
                    score += fractions[p] * totals[l] - counts[p, l];
                }
                // Ties go to the part furthest below its overall size, so that folds stay balanced across genres.
                var better = score > bestScore + 1e-9
                    || (score > bestScore - 1e-9 && fractions[p] * tracks.Count - parts[p].Count > fractions[best] * tracks.Count - parts[best].Count + 1e-9);
                if (better) { best = p; bestScore = score; }
            }
            foreach (var t in unit)
            {
                counts[best, labelIndex[t.Label]]++;
                parts[best].Add(t);
            }
        }
        foreach (var part in parts) part.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return parts;
    }

    private static DatasetSplit Checked(DatasetSplit split)
    {
        var all = split.Train.Concat(split.Valid).Concat(split.Test).Select(t => t.Path).ToList();
        if (all.Distinct(StringComparer.Ordinal).Count() != all.Count)
            throw new InvalidOperationException($"Internal error: split '{split.Name}' puts a track in two parts.");
        return split;
    }
}
