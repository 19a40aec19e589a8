using Microsoft.ML.Transforms;

namespace MusicGenre.MLNet;

/// <summary>
/// Lets ML.NET's loader recreate the network step of a saved chain. Its contract name tells users of a plain
/// <c>mlContext.Model.Load</c> which call loads the file; the real mapping is attached by
/// <c>mlContext.Model.LoadGenreModel</c> (<see cref="Persistence.GenreModelCatalog"/>).
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class GenreNetworkMappingFactory : CustomMappingFactory<GenreNetworkInput, GenreNetworkOutput>
{
    /// <summary>The contract saved in model files (also the hint shown by ML.NET when the assembly is not registered).</summary>
    public const string ContractName = "MusicGenre.GenreNetwork: load this model with mlContext.Model.LoadGenreModel(path, out inputSchema) from MusicGenre.MLNet.Persistence";

    /// <summary>Message for a plain <c>mlContext.Model.Load</c>.</summary>
    public const string UseLoadGenreModel =
        "This model file holds a MusicGenre genre network, whose weights ML.NET's Model.Load cannot read. " +
        "Load it with mlContext.Model.LoadGenreModel(path, out var inputSchema) (namespace MusicGenre.MLNet.Persistence).";

    [ThreadStatic] private static int loadingDepth;

    /// <summary>True while <c>LoadGenreModel</c> runs ML.NET's loader on this thread.</summary>
    internal static bool IsLoading => loadingDepth > 0;

    internal static IDisposable BeginLoading()
    {
        loadingDepth++;
        return new Scope();
    }

    /// <inheritdoc />
    public override Action<GenreNetworkInput, GenreNetworkOutput> GetMapping()
    {
        if (!IsLoading) throw new InvalidOperationException(UseLoadGenreModel);
        return static (_, _) => throw new InvalidOperationException(UseLoadGenreModel);
    }

    private sealed class Scope : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            loadingDepth--;
        }
    }
}
