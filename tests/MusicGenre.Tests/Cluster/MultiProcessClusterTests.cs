using MusicGenre.Orleans.Results;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cluster;

/// <summary>
/// The real thing on 127.0.0.1: redis-server, two <c>musicgenre silo</c> processes and the <c>musicgenre batch</c>
/// client. One silo is killed (SIGKILL) after about 30 % of the tracks: the run completes with every track exactly
/// once and the single predictor's results. Then the client itself is killed mid-run and started again: it resumes
/// and the final output is the same; the other silo stops cleanly on SIGTERM. Bounded: every wait shares one 5-minute budget (about 1 minute on the 2-core
/// machine), xunit's timeout stops the test after 6, and the processes die with the test (<see cref="ChildProcess"/>).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MultiProcessClusterTests(ClusterTestData data)
{
    private readonly TestBudget budget = new(TimeSpan.FromMinutes(5)); // xunit makes one instance per test

    private TimeSpan Left => budget.Left;

    [SkippableFact(Timeout = 6 * 60 * 1000)]
    public async Task KilledSiloAndKilledClientStillGiveEveryTrackOnce()
    {
        using var redis = await RedisServer.StartAsync();
        using var folder = new TempFolder();
        var expected = data.Expected; // the single-machine reference, before the processes share the cores
        var cluster = new[] { "--cluster", redis.Url, "--cluster-id", "test-" + Guid.NewGuid().ToString("N")[..8] };
        var manifest = folder.Text("tracks.csv", "path\n" + string.Join("\n", data.AllTracks.Select(p => "\"" + p.Replace("\"", "\"\"") + "\"")) + "\n");
        int total = data.AllTracks.Count();

        using var siloA = Silo("silo-a", cluster);
        using var siloB = Silo("silo-b", cluster);
        await Task.WhenAll(siloA.WaitForOutputAsync("is up", Left), siloB.WaitForOutputAsync("is up", Left));

        // 1. A silo killed after ~30 % of the tracks.
        var first = folder.Combine("results.csv");
        using (var batch = Batch(cluster, manifest, first))
        {
            await WaitForRowsAsync(first, 3 * total / 10, batch);
            siloA.Kill();
            var code = await batch.WaitForExitAsync(Left);
            Assert.True(code == 3, $"exit code {code} (3: done, some tracks failed):\n{batch.Output}");
            Assert.Contains("silo silo-a stopped getting tracks", batch.Output);
            Assert.Contains("2 with an error", batch.Output);
            // Progress lines: done/total, rate, ETA, failures so far.
            Assert.Matches($@"\d+/{total} \(\d+\.\d %\), \d+\.\d\d tracks/s, ETA \S+, \d+ failed, \d+ retried, \d silo\(s\)", batch.Output);
        }
        var rows = BatchResultFile.Read(first);
        data.AssertMatchesSingleMachine(rows);
        Assert.Contains(rows, r => r.Silo == "silo-a");
        Assert.Contains(rows, r => r.Silo == "silo-b");

        // 2. The client killed mid-run, then the same command again: it resumes after the rows already written.
        var second = folder.Combine("resumed.csv");
        int before;
        using (var batch = Batch(cluster, manifest, second))
        {
            await WaitForRowsAsync(second, 4 * total / 10, batch);
            batch.Kill();
        }
        before = CountRows(second);
        Assert.InRange(before, 1, total - 1);
        using (var again = Batch(cluster, manifest, second, "--parquet"))
        {
            var code = await again.WaitForExitAsync(Left);
            Assert.True(code == 3, $"exit code {code}:\n{again.Output}");
            Assert.Contains($"Resuming: {before} track(s)", again.Output);
        }
        // 3. The surviving silo stopped as an operator stops it (SIGTERM): it shuts down cleanly, exit code 0.
        siloB.Terminate();
        var stopped = await siloB.WaitForExitAsync(Left);
        Assert.True(stopped == 0, $"silo-b exited with {stopped} after SIGTERM:\n{siloB.Output}");
        Assert.Contains("Silo silo-b stopped.", siloB.Output);

        var resumed = BatchResultFile.Read(second);
        data.AssertMatchesSingleMachine(resumed);
        var parquet = await BatchResultParquet.ReadAsync(BatchResultParquet.PathFor(second));
        Assert.Equal(resumed.Select(r => (r.Path, r.Genre, r.Probability, r.Error)), parquet.Select(r => (r.Path, r.Genre, r.Probability, r.Error)));
    }

    private ChildProcess Silo(string name, string[] cluster)
        => ChildProcess.Musicgenre(["silo", "--model", data.ModelPath, .. cluster, "--name", name, "--workers", "1", "--device", "cpu",
            "--silo-port", RedisServer.FreePort().ToString(), "--gateway-port", RedisServer.FreePort().ToString()]);

    private static ChildProcess Batch(string[] cluster, string manifest, string output, params string[] extra)
        => ChildProcess.Musicgenre(["batch", .. cluster, "--input", manifest, "--out", output, "--progress-every", "1", "--no-silo-timeout", "60", .. extra]);

    /// <summary>Rows in the output so far (complete lines after the header).</summary>
    private static int CountRows(string path)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        return Math.Max(0, text.Count(c => c == '\n') - 1);
    }

    private async Task WaitForRowsAsync(string path, int rows, ChildProcess batch)
    {
        while (CountRows(path) < rows)
        {
            if (batch.HasExited) Assert.Fail($"the batch ended before {rows} rows:\n{batch.Output}");
            if (Left == TimeSpan.Zero) Assert.Fail($"fewer than {rows} rows when the test's {budget.Total.TotalMinutes:0} minutes were up:\n{batch.Output}");
            await Task.Delay(20);
        }
    }
}
