namespace MusicGenre.Evaluation;

/// <summary>
/// Counts of (actual, predicted) label pairs: row = actual genre, column = predicted genre, in the order of
/// <see cref="Labels"/> (ML.NET's convention). Not thread-safe while being filled.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates an empty matrix.</summary>
    /// <param name="labels">The genres, in key order; distinct.</param>
    public ConfusionMatrix(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0) throw new ArgumentException("At least one label is needed.", nameof(labels));
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
            if (!_index.TryAdd(labels[i], i)) throw new ArgumentException($"Label '{labels[i]}' appears twice.", nameof(labels));
        Labels = labels.ToArray();
        _counts = new long[labels.Count, labels.Count];
    }

    /// <summary>Builds a matrix from parallel arrays of actual and predicted label indices.</summary>
    /// <param name="labels">The genres, in key order.</param>
    /// <param name="actual">Actual label index per item.</param>
    /// <param name="predicted">Predicted label index per item.</param>
    public static ConfusionMatrix FromIndices(IReadOnlyList<string> labels, ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"{actual.Length} actual labels but {predicted.Length} predictions.", nameof(predicted));
        var m = new ConfusionMatrix(labels);
        for (var i = 0; i < actual.Length; i++) m.Add(actual[i], predicted[i]);
        return m;
    }

    /// <summary>Builds a matrix from a table of counts (rows actual, columns predicted), e.g. ML.NET's <c>ConfusionMatrix.Counts</c>.</summary>
    /// <param name="labels">The genres, in key order.</param>
    /// <param name="counts">Square table of non-negative whole counts.</param>
    public static ConfusionMatrix FromCounts(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<double>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var m = new ConfusionMatrix(labels);
        if (counts.Count != labels.Count || counts.Any(r => r.Count != labels.Count))
            throw new ArgumentException($"The count table must be {labels.Count} × {labels.Count}.", nameof(counts));
        for (var a = 0; a < labels.Count; a++)
            for (var p = 0; p < labels.Count; p++)
            {
                var c = counts[a][p];
                if (c < 0 || c != Math.Floor(c)) throw new ArgumentException($"Count [{a},{p}] = {c} is not a non-negative whole number.", nameof(counts));
                m._counts[a, p] = (long)c;
            }
        return m;
    }

    /// <summary>The genres, in key order (row and column order).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Number of items whose actual genre is <paramref name="actual"/> and predicted genre <paramref name="predicted"/>.</summary>
    /// <param name="actual">Row (actual label index).</param>
    /// <param name="predicted">Column (predicted label index).</param>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>Total number of items.</summary>
    public long Total
    {
        get
        {
            long t = 0;
            foreach (var c in _counts) t += c;
            return t;
        }
    }

    /// <summary>Counts one item.</summary>
    /// <param name="actual">Actual label index.</param>
    /// <param name="predicted">Predicted label index.</param>
    public void Add(int actual, int predicted)
    {
        if ((uint)actual >= (uint)Labels.Count) throw new ArgumentOutOfRangeException(nameof(actual), actual, $"Label index must be in [0, {Labels.Count}).");
        if ((uint)predicted >= (uint)Labels.Count) throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"Label index must be in [0, {Labels.Count}).");
        _counts[actual, predicted]++;
    }

    /// <summary>Counts one item by label name.</summary>
    /// <param name="actual">Actual genre.</param>
    /// <param name="predicted">Predicted genre.</param>
    public void Add(string actual, string predicted) => Add(IndexOf(actual), IndexOf(predicted));

    /// <summary>Items of genre <paramref name="label"/> (row sum).</summary>
    /// <param name="label">Label index.</param>
    public long Support(int label)
    {
        long s = 0;
        for (var p = 0; p < Labels.Count; p++) s += _counts[label, p];
        return s;
    }

    /// <summary>Items predicted as <paramref name="label"/> (column sum).</summary>
    /// <param name="label">Label index.</param>
    public long PredictedCount(int label)
    {
        long s = 0;
        for (var a = 0; a < Labels.Count; a++) s += _counts[a, label];
        return s;
    }

    /// <summary>The counts as a jagged array (rows actual), e.g. for JSON.</summary>
    public long[][] ToArray() => Enumerable.Range(0, Labels.Count).Select(a => Enumerable.Range(0, Labels.Count).Select(p => _counts[a, p]).ToArray()).ToArray();

    private int IndexOf(string label)
        => _index.TryGetValue(label, out var i) ? i : throw new ArgumentException($"Unknown label '{label}'; known: {string.Join(", ", Labels)}.", nameof(label));
}
