using MusicGenre.Audio;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Audio;

/// <summary>A path that is a named pipe (or a device) is read like a non-seekable stream: same samples, cancellable while it waits.</summary>
public class NamedPipeInputTests
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task AWavThroughANamedPipe_LoadsLikeTheFile()
    {
        Skip.If(NamedPipe.Unavailable is not null, NamedPipe.Unavailable);
        using var dir = new TempFolder();
        var file = dir.Wav("tone.wav", frequency: 330, seconds: 0.5);
        var pipe = NamedPipe.Create(dir.Combine("pipe.wav"));
        var load = Task.Run(() => AudioFile.Load(pipe));
        await using (var writer = await NamedPipe.OpenWriter(pipe, Watchdog))
        {
            Assert.NotNull(writer);
            await writer!.WriteAsync(await File.ReadAllBytesAsync(file));
        }
        var clip = await load.WaitAsync(Watchdog);
        Assert.Equal(AudioFile.Load(file).Samples, clip.Samples);
    }

    [SkippableFact]
    public async Task APipeThatStopsSendingMidway_IsCancelledPromptly()
    {
        Skip.If(NamedPipe.Unavailable is not null, NamedPipe.Unavailable);
        using var dir = new TempFolder();
        var pipe = NamedPipe.Create(dir.Combine("slow.wav"));
        using var cancel = new CancellationTokenSource();
        var load = Task.Run(() => AudioFile.Load(pipe, cancellationToken: cancel.Token));
        await using var writer = await NamedPipe.OpenWriter(pipe, Watchdog);
        Assert.NotNull(writer);
        await writer!.WriteAsync(NamedPipe.WavHeader(22050, 100_000_000));
        for (var i = 0; i < 5; i++) await writer.WriteAsync(new byte[4410]); // 0.1 s of silence each; then a trickle
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        var trickle = Task.Run(async () =>
        {
            try
            {
                while (!load.IsCompleted) { await writer.WriteAsync(new byte[64]); await Task.Delay(50); }
            }
            catch (IOException)
            {
                // the reader has gone (broken pipe)
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load.WaitAsync(Watchdog));
        await trickle.WaitAsync(Watchdog);
    }
}
