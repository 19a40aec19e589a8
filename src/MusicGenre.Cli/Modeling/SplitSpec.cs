using MusicGenre.Datasets;

namespace MusicGenre.Cli.Modeling;

/// <summary>The <c>--split</c> value: <c>random</c>, <c>kfold:K</c>, <c>fault-filtered</c> or <c>stratified-lists</c>.</summary>
internal sealed record SplitSpec(string Kind, int Folds)
{
    public static SplitSpec Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "random") return new("random", 0);
        if (t is "fault-filtered" or "filtered") return new("fault-filtered", 0);
        if (t is "stratified-lists" or "stratified") return new("stratified-lists", 0);
        if (t.StartsWith("kfold", StringComparison.Ordinal))
        {
            var k = t.Length == 5 ? 5 : int.TryParse(t.AsSpan(6), out var n) && t[5] == ':' ? n : -1;
            if (k >= 2) return new("kfold", k);
        }
        throw new CliException($"--split: '{text}' is not one of random, kfold:K (K ≥ 2), fault-filtered, stratified-lists.", ExitCodes.Usage);
    }

    /// <summary>Builds the split(s). List-based splits need <paramref name="listFolder"/>.</summary>
    public IReadOnlyList<DatasetSplit> Apply(GenreDataset dataset, SplitOptions options, string? listFolder)
    {
        switch (Kind)
        {
            case "random":
                return [DatasetSplitter.StratifiedRandom(dataset, options)];
            case "kfold":
                return DatasetSplitter.StratifiedKFold(dataset, Folds, options);
            default:
                if (listFolder is null)
                    throw new CliException($"--split {Kind} needs --split-lists DIR (or a splits/ folder inside the dataset, as download gtzan leaves it): the folder holding train_/valid_/test_{(Kind == "fault-filtered" ? "filtered" : "stratified")}.txt (from github.com/coreyker/dnn-mgr, folder gtzan/).", ExitCodes.Usage);
                var split = DatasetSplitter.FromListFolder(dataset, listFolder, Kind == "fault-filtered" ? DatasetSplitter.FaultFiltered : DatasetSplitter.Stratified);
                if (split.Train.Count == 0 || split.Test.Count == 0)
                    throw new DatasetException(dataset.Source, $"the {Kind} split lists match {split.Train.Count} training and {split.Test.Count} test tracks of this dataset; is it GTZAN?");
                return [split];
        }
    }
}
