using Microsoft.Extensions.DependencyInjection;
using MusicGenre.Orleans.Batch;
using MusicGenre.Orleans.Results;
using MusicGenre.Orleans.Silo;
using MusicGenre.Tests.TestInfrastructure;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace MusicGenre.Tests.Cluster;

/// <summary>
/// The grains and the batch client on Orleans' in-process TestingHost cluster: three silos classify the 200 tracks
/// exactly as one predictor does, and a run survives a silo joining and another being killed while it holds tracks.
/// Bounded: each test's waits share one 4-minute budget (30 s and 10 s on the 2-core machine), xunit's timeout stops
/// it after 5; the silos are in this process.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TestingHostClusterTests(ClusterTestData data)
{
    private const int Timeout = 5 * 60 * 1000;
    private readonly TestBudget budget = new(TimeSpan.FromMinutes(4)); // xunit makes one instance per test

    /// <summary>200 tracks: 130 synthetic and the 70 GTZAN clips (200 synthetic where ../shared is absent), and 2 that do not decode.</summary>
    [Fact(Timeout = Timeout)]
    public async Task ThreeSilosClassify200TracksAsOnePredictorDoes()
    {
        Assert.Equal(data.HasGtzan ? 70 : 0, data.Tracks.Count(t => t.Contains("gtzan-mini", StringComparison.Ordinal)));
        var cluster = await Deploy(silos: 3);
        try
        {
            using var folder = new TempFolder();
            GenreBatchSummary summary;
            using (var output = BatchResultFile.Open(folder.Combine("results.csv")))
                summary = await GenreBatch.RunAsync(cluster.Client, data.AllTracks, output, FastChecks()).WaitAsync(budget.Left);

            Assert.Equal(202, summary.Total);
            Assert.Equal(202, summary.Done);
            Assert.Equal(2, summary.Failed);
            Assert.Equal(3, summary.SilosUsed.Count); // every silo got work
            data.AssertMatchesSingleMachine(BatchResultFile.Read(folder.Combine("results.csv")));

            // The same run again has nothing left to do.
            using (var output = BatchResultFile.Open(folder.Combine("results.csv")))
            {
                var again = await GenreBatch.RunAsync(cluster.Client, data.AllTracks, output, FastChecks()).WaitAsync(budget.Left);
                Assert.Equal((202, 0), (again.Skipped, again.Done));
            }

            // A run that wants a model no silo serves fails when NoSiloTimeout has passed, naming the model; the output keeps nothing of it.
            using (var output = BatchResultFile.Open(folder.Combine("other.csv")))
            {
                var options = FastChecks();
                options.Model = "cnn-lstm/other.mgmodel@000000000000";
                options.NoSiloTimeout = TimeSpan.FromSeconds(3);
                var e = await Assert.ThrowsAsync<GenreBatchException>(() => GenreBatch.RunAsync(cluster.Client, data.Tracks.Take(5), output, options).WaitAsync(budget.Left));
                Assert.Contains("cnn-lstm/other.mgmodel@000000000000", e.Message);
                Assert.Empty(output.Completed);
            }
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task ARunGoesOnWhileASiloJoinsAndAnotherIsKilled()
    {
        var cluster = await Deploy(silos: 2);
        try
        {
            using var folder = new TempFolder();
            var path = folder.Combine("results.csv");
            var all = data.AllTracks.ToList();
            GenreBatchProgress? last = null;
            var progress = new SynchronousProgress(p => Volatile.Write(ref last, p));
            void WaitUntil(Func<GenreBatchProgress, bool> condition, string what)
            {
                while (Volatile.Read(ref last) is not { } p || !condition(p))
                {
                    if (budget.Left == TimeSpan.Zero) throw new TimeoutException($"the run never reached: {what}");
                    Thread.Sleep(50);
                }
            }
            // The input streams in, so the silos change while the run is certainly going, whatever the machine's speed:
            // 40 % of the tracks; then a third silo joins and gets a lane; 30 % more; then a silo holding tracks is killed
            // (no graceful stop); the client must notice before it gets the rest.
            IEnumerable<string> Gated()
            {
                int i = 0;
                for (; i < all.Count * 4 / 10; i++) yield return all[i];
                WaitUntil(p => p.Done > 0, "a first result");
                if (!cluster.StartAdditionalSiloAsync().Wait(budget.Left)) throw new TimeoutException("the third silo did not start");
                WaitUntil(p => p.Silos == 3, "a lane to the third silo");
                for (; i < all.Count * 7 / 10; i++) yield return all[i];
                if (!cluster.KillSiloAsync(cluster.SecondarySilos[0]).Wait(budget.Left)) throw new TimeoutException("the silo was not killed");
                WaitUntil(p => p.Silos == 2, "the killed silo retired");
                for (; i < all.Count; i++) yield return all[i];
            }
            var options = FastChecks();
            options.ProgressInterval = TimeSpan.FromMilliseconds(100);
            GenreBatchSummary summary;
            using (var output = BatchResultFile.Open(path))
                summary = await GenreBatch.RunAsync(cluster.Client, Gated(), output, options, progress).WaitAsync(budget.Left);

            Assert.Equal(all.Count, summary.Done);
            Assert.Contains(summary.Events, e => e.Contains("stopped getting tracks"));
            Assert.True(summary.Retried >= 1, "the killed silo held no track");
            Assert.Equal(3, summary.SilosUsed.Count); // the silo that joined got work
            data.AssertMatchesSingleMachine(BatchResultFile.Read(path));
        }
        finally
        {
            await Stop(cluster);
        }
    }

    /// <summary>Stops the silos; a cluster that does not stop in 30 s is left to the process's end (its silos are in-process).</summary>
    private static async Task Stop(TestCluster cluster)
    {
        try
        {
            await cluster.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // reported by the test's own result; nothing outlives the test host
        }
    }

    private static GenreBatchOptions FastChecks() => new()
    {
        HealthInterval = TimeSpan.FromMilliseconds(500),
        HealthTimeout = TimeSpan.FromSeconds(5),
        NoSiloTimeout = TimeSpan.FromSeconds(60),
    };

    private async Task<TestCluster> Deploy(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[SiloConfigurator.ModelKey] = data.ModelPath;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(budget.Left);
        return cluster;
    }

    /// <summary>Each TestingHost silo loads the model (the path comes through the cluster's configuration) and runs one worker, as a small machine would.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public const string ModelKey = "MusicGenreTests:Model";

        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddGenreClassifier(new GenreSiloOptions { ModelPath = siloBuilder.Configuration[ModelKey]!, Workers = 1, Predictor = new GenrePredictorOptions { Device = MusicGenre.Torch.ComputeDevice.Cpu } });
            siloBuilder.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(2));
        }
    }

    private sealed class SynchronousProgress(Action<GenreBatchProgress> handler) : IProgress<GenreBatchProgress>
    {
        public void Report(GenreBatchProgress value) => handler(value);
    }
}
