using MusicGenre.Orleans.Silo;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace MusicGenre.Orleans.Grains;

/// <summary>
/// The classifier of one silo: one activation per silo, pinned there by its key, reentrant so that as many calls as
/// the client sends are in progress at once; the silo's <see cref="GenreClassifierWorker"/> bounds how many of them
/// compute at the same time.
/// </summary>
[SiloPinnedPlacement, Reentrant]
internal sealed class GenreClassifierGrain(GenreClassifierWorker worker, ILocalSiloDetails silo) : Grain, IGenreClassifierGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (key != silo.SiloAddress.ToParsableString())
            throw new InvalidOperationException($"The genre classifier for silo {key} was activated on silo {silo.SiloAddress.ToParsableString()}; its placement must be SiloPinnedPlacement.");
        return Task.CompletedTask;
    }

    public Task<GenreSiloInfo> GetInfoAsync() => Task.FromResult(worker.Info);

    public Task<TrackClassification> ClassifyAsync(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return worker.ClassifyAsync(path);
    }
}
