using Microsoft.ML;

namespace MusicGenre.MLNet;

/// <summary>The two parts of <see cref="GenreDataCatalog.StratifiedTrainTestSplit"/>: every row is in exactly one of them.</summary>
/// <param name="TrainSet">The training rows.</param>
/// <param name="TestSet">The test rows: about the test fraction of each genre's rows.</param>
public sealed record StratifiedSplit(IDataView TrainSet, IDataView TestSet);
