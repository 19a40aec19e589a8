using Microsoft.ML;
using Microsoft.ML.Data;

namespace MusicGenre.MLNet;

/// <summary><c>mlContext.Data.StratifiedTrainTestSplit(...)</c>: a train/test split by row, stratified by genre.</summary>
public static class GenreDataCatalog
{
    /// <summary>
    /// Splits rows (tracks) into a training and a test part so that every genre has about <paramref name="testFraction"/>
    /// of its rows in the test part: at least one when it has two or more rows, never all of them. ML.NET's
    /// <c>TrainTestSplit</c> is not stratified, so on small collections some genres can end up without a test track.
    /// Rows are whole tracks, so windows of one track never land on both sides.
    /// </summary>
    /// <param name="catalog">The data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="data">The rows; their order must be the same on every pass (as for data loaded from files or enumerables).</param>
    /// <param name="labelColumnName">The genre column (text or key).</param>
    /// <param name="testFraction">Fraction of each genre held out, in (0, 1); default 0.2.</param>
    /// <param name="seed">Seed of the per-genre shuffles; default 0.</param>
    /// <exception cref="ArgumentException">The label column is missing or of another type, or the fraction is out of range.</exception>
    public static StratifiedSplit StratifiedTrainTestSplit(this DataOperationsCatalog catalog, IDataView data, string labelColumnName = "Label",
        double testFraction = 0.2, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        var labels = Labels(data, labelColumnName);
        var isTest = new bool[labels.Count];
        var random = new Random(seed);
        foreach (var genre in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = genre.ToArray();
            random.Shuffle(rows);
            int test = rows.Length < 2 ? 0 : Math.Clamp((int)Math.Round(testFraction * rows.Length), 1, rows.Length - 1);
            foreach (var row in rows.Take(test)) isTest[row] = true;
        }
        return new StratifiedSplit(new RowSubsetDataView(data, isTest.Select(t => !t).ToArray()), new RowSubsetDataView(data, isTest));
    }

    private static List<string> Labels(IDataView data, string labelColumnName)
    {
        var column = data.Schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentException($"The data has no label column '{labelColumnName}'.", nameof(labelColumnName));
        return column.Type switch
        {
            TextDataViewType => data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToList(),
            KeyDataViewType => data.GetColumn<uint>(column).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            _ => throw new ArgumentException($"Label column '{labelColumnName}' is {column.Type}; expected text or a key.", nameof(labelColumnName)),
        };
    }
}
