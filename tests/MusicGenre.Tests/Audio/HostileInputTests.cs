using System.Buffers.Binary;
using System.Diagnostics;
using MusicGenre.Audio;
using MusicGenre.Audio.Ffmpeg;
using MusicGenre.Audio.Resampling;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>
/// Regressions of issue 9's findings, rebuilt from ../shared inside each test: Ogg files that made NVorbis loop
/// forever, absurd header sample rates, M4A from a stream. Each case must end (a generous watchdog, not a timing
/// test) with samples or a typed error.
/// </summary>
public class HostileInputTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);

    public static TheoryData<int> OggPagesToDuplicate => new() { 2, 3, 6, 9 };

    [SkippableTheory]
    [MemberData(nameof(OggPagesToDuplicate))]
    public void OggPageInsertedAfterItself_DecodesAndEnds(int page)
    {
        var original = File.ReadAllBytes(SharedData.Format(TestAudio.OggStereo));
        var damaged = OggPages.DuplicatePage(original, page);
        Assert.True(OggPages.HasValidCrc(damaged, OggPages.Find(damaged)[page + 1]), "the copy keeps a valid checksum");
        var clip = Ended(() => AudioFile.Load(new MemoryStream(damaged), name: "dup.ogg"));
        var reference = AudioFile.Load(SharedData.Format(TestAudio.OggStereo));
        // The duplicate is dropped (its sequence number repeats): the audio is the original's.
        Assert.Equal(reference.Samples, clip.Samples);
    }

    [SkippableTheory]
    [InlineData(0xB9)] // block sizes 512/2048 where the setup expects 256/2048: NVorbis looped forever
    [InlineData(0xCC)]
    [InlineData(0xDD)]
    [InlineData(0x00)] // 1 and 1: invalid
    [InlineData(0xFF)] // 32768: invalid
    [InlineData(0x8B)] // the first larger than the second: invalid
    public void OggBlockSizeByteChanged_EndsWithSamplesOrATypedError(int value)
    {
        var original = File.ReadAllBytes(SharedData.Format(TestAudio.OggStereo));
        // Byte 28 of the identification packet, which starts after the 27-byte page header and a 1-byte segment table.
        var damaged = OggPages.SetByte(original, 28 + 28, (byte)value);
        Assert.True(OggPages.HasValidCrc(damaged, OggPages.Find(damaged)[0]));
        var outcome = EndedOutcome(() => AudioFile.Load(new MemoryStream(damaged), name: "blocksize.ogg"));
        output.WriteLine($"block-size byte 0x{value:X2}: {outcome}");
        if (value is 0x00 or 0xFF or 0x8B) Assert.Contains("block sizes", outcome);
    }

    [SkippableFact]
    public void OggFileOffset28Changed_IsATypedError()
    {
        // File offset 28 is the packet-type byte: the content is then no longer Vorbis.
        var damaged = OggPages.SetByte(File.ReadAllBytes(SharedData.Format(TestAudio.OggStereo)), 28, 0x55);
        var ex = Assert.Throws<AudioFormatException>(() => Ended(() => AudioFile.Load(new MemoryStream(damaged), new AudioLoadOptions { FfmpegPath = "/nonexistent/ffmpeg" }, "type.ogg")));
        Assert.Equal("type.ogg", ex.FilePath);
    }

    [SkippableFact]
    public void OggFinalGranuleBelowTheAudio_EndsWithTheAudioUpToIt()
    {
        // A last page claiming fewer samples than its packets hold made NVorbis's read loop spin.
        var original = File.ReadAllBytes(SharedData.Format(TestAudio.OggStereo));
        var pages = OggPages.Find(original);
        var damaged = (byte[])original.Clone();
        long previous = BinaryPrimitives.ReadInt64LittleEndian(damaged.AsSpan(pages[^2].Offset + 6));
        BinaryPrimitives.WriteInt64LittleEndian(damaged.AsSpan(pages[^1].Offset + 6), previous + 10);
        OggPages.FixCrc(damaged, pages[^1]);
        var clip = Ended(() => AudioFile.Load(new MemoryStream(damaged), new AudioLoadOptions { SampleRate = null }, "granule.ogg"));
        Assert.Equal(previous + 10, clip.Frames);
    }

    [Theory]
    [InlineData(47)]
    [InlineData(19)]
    [InlineData(93)]
    [InlineData(999)]
    [InlineData(768_001)]
    public void AuHeaderRateOutsideTheSupportedRange_IsATypedErrorNamingTheRate(int rate)
    {
        var au = AuWriter.Build(3, 22050, 1, new byte[441_000]);
        BinaryPrimitives.WriteUInt32BigEndian(au.AsSpan(16), (uint)rate);
        var ex = Assert.Throws<AudioFormatException>(() => Ended(() => AudioFile.Load(new MemoryStream(au), name: "slow.au")));
        Assert.Contains($"sample rate {rate} Hz", ex.Message);
        Assert.Contains("1000..768000", ex.Message);
    }

    [Theory]
    [InlineData(47)]
    [InlineData(19)]
    [InlineData(93)]
    public void WavHeaderRateOutsideTheSupportedRange_IsATypedErrorNamingTheRate(int rate)
    {
        var wav = WavWriter.Build(1, 1, 22050, 16, new byte[441_000]);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), (uint)rate);
        var ex = Assert.Throws<AudioFormatException>(() => Ended(() => AudioFile.Load(new MemoryStream(wav), name: "slow.wav")));
        Assert.Contains($"sample rate {rate} Hz", ex.Message);
    }

    [Fact]
    public void LowestSupportedRate_LoadsAndStaysBoundedByTheInput()
    {
        // 441 KB of 8-bit audio at 1,000 Hz: 441,000 frames, 9.7 million samples at 22,050 Hz (39 MB), not a gigabyte.
        var au = AuWriter.Build(2, 1000, 1, new byte[441_000]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clip = AudioFile.Load(new MemoryStream(au), name: "low.au");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(9_724_050, clip.Frames);
        Assert.True(allocated < 200L << 20, $"allocated {allocated >> 20} MB");
    }

    [Fact]
    public void SampleLimit_IsBoundedByTheInputSize()
    {
        var request = new DecodeRequest("x", new AudioLoadOptions(), inputBytes: 441_000, CancellationToken.None);
        Assert.Equal(441_000L * 64 + 65536, request.SampleLimit(64));
        Assert.Equal(AudioLoadOptions.Defaults.MaxSamples, request.SampleLimit(4096));
    }

    [SkippableTheory]
    [InlineData(TestAudio.M4a)]
    [InlineData(TestAudio.Flac)]
    [InlineData(TestAudio.Opus)]
    public void FfmpegFormats_FromStreams_EqualTheirPathLoads(string file)
    {
        Skip.If(FfmpegLocator.Find() is null, "ffmpeg is not installed (apt-get install ffmpeg)");
        var path = SharedData.Format(file);
        var bytes = File.ReadAllBytes(path);
        var before = TemporaryInputs();
        var fromPath = AudioFile.Load(path);
        var seekable = AudioFile.Load(new MemoryStream(bytes), name: file);
        var forwardOnly = AudioFile.Load(new NonSeekableStream(bytes), name: file);
        Assert.True(fromPath.Frames > 100_000);
        Assert.Equal(fromPath.Samples, seekable.Samples);
        Assert.Equal(fromPath.Samples, forwardOnly.Samples);
        Assert.Empty(TemporaryInputs().Except(before));
    }

    [SkippableFact]
    public void M4aFromAStream_CancelledWhileDecoding_LeavesNoTemporaryFile()
    {
        Skip.If(FfmpegLocator.Find() is null, "ffmpeg is not installed (apt-get install ffmpeg)");
        var bytes = File.ReadAllBytes(SharedData.Format(TestAudio.M4a));
        var before = TemporaryInputs();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        try
        {
            AudioFile.Load(new MemoryStream(bytes), name: "x.m4a", cancellationToken: cts.Token);
        }
        catch (OperationCanceledException)
        {
            // expected most of the time; a fast machine may finish first
        }
        Assert.Empty(TemporaryInputs().Except(before));
    }

    [Fact]
    public void CancellingALongDecode_ReturnsPromptly()
    {
        // 6 minutes of 48 kHz stereo: decoding and resampling take seconds.
        var wav = WavWriter.Build(1, 2, 48000, 16, new byte[48000 * 4 * 360]);
        AssertCancelsPromptly(token => AudioFile.Load(new MemoryStream(wav), name: "long.wav", cancellationToken: token));
    }

    [SkippableFact]
    public void CancellingAnOggDecode_ReturnsPromptly_EvenOnTheFilesThatUsedToLoop()
    {
        var original = File.ReadAllBytes(SharedData.Format(TestAudio.OggStereo));
        foreach (var damaged in new[] { OggPages.DuplicatePage(original, 2), OggPages.SetByte(original, 56, 0xB9), Repeat(original, 8) })
            AssertCancelsPromptly(token => AudioFile.Load(new MemoryStream(damaged), name: "cancel.ogg", cancellationToken: token), afterMilliseconds: 5);
    }

    [Fact]
    public void Resampler_HonoursCancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => PolyphaseResampler.For(44100, 22050).Process(new float[100_000], cts.Token));
    }

    [Fact]
    public void PreCancelledToken_IsHonouredByEveryOverload()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var wav = WavWriter.Build(1, 1, 22050, 16, new byte[2000]);
        Assert.Throws<OperationCanceledException>(() => AudioFile.Load(new MemoryStream(wav), cancellationToken: cts.Token));
        Assert.Throws<OperationCanceledException>(() => AudioFile.Load(new NonSeekableStream(wav), cancellationToken: cts.Token));
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "x.wav");
        File.WriteAllBytes(path, wav);
        Assert.Throws<OperationCanceledException>(() => AudioFile.Load(path, cancellationToken: cts.Token));
    }

    /// <summary>A well-formed Ogg made of the file's audio pages repeated (new sequence numbers and granules): a long decode.</summary>
    private static byte[] Repeat(byte[] ogg, int times)
    {
        var pages = OggPages.Find(ogg);
        var headers = pages.Take(2).ToList(); // identification + comment/setup pages
        var audio = pages.Skip(2).ToList();
        var result = new List<byte>(ogg.AsSpan(0, headers[^1].Offset + headers[^1].Length).ToArray());
        uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(ogg.AsSpan(headers[^1].Offset + 18)) + 1;
        long granuleBase = 0, lastGranule = BinaryPrimitives.ReadInt64LittleEndian(ogg.AsSpan(audio[^1].Offset + 6));
        for (int r = 0; r < times; r++, granuleBase += lastGranule)
        {
            foreach (var page in audio)
            {
                var copy = ogg.AsSpan(page.Offset, page.Length).ToArray();
                copy[5] &= 0xFB; // no end-of-stream flag before the last copy
                long granule = BinaryPrimitives.ReadInt64LittleEndian(copy.AsSpan(6));
                if (granule >= 0) BinaryPrimitives.WriteInt64LittleEndian(copy.AsSpan(6), granule + granuleBase);
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(18), sequence++);
                OggPages.FixCrc(copy, new OggPages.Page(0, copy.Length));
                result.AddRange(copy);
            }
        }
        return [.. result];
    }

    /// <summary>The temporary copies ffmpeg reads a seek-needing stream from (another process may hold its own).</summary>
    private static string[] TemporaryInputs() => Directory.GetFiles(Path.GetTempPath(), "musicgenre-*.input");

    private static void AssertCancelsPromptly(Action<CancellationToken> load, int afterMilliseconds = 50)
    {
        using var cts = new CancellationTokenSource();
        var task = Task.Run(() => load(cts.Token));
        Thread.Sleep(afterMilliseconds);
        var cancelled = Stopwatch.StartNew();
        cts.Cancel();
        try
        {
            Assert.True(task.Wait(Watchdog), "the load did not end after cancellation");
        }
        catch (AggregateException ex) when (ex.InnerException is OperationCanceledException)
        {
            // the expected outcome
        }
        // Generous: on a loaded 2-core machine a decode returns within milliseconds of the request.
        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(2) || task.Status == TaskStatus.RanToCompletion,
            $"cancellation took {cancelled.ElapsedMilliseconds} ms");
    }

    private static AudioClip Ended(Func<AudioClip> load)
    {
        var task = Task.Run(load);
        try
        {
            if (!task.Wait(Watchdog)) Assert.Fail($"no result within {Watchdog.TotalSeconds} s (hang)");
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
        return task.Result;
    }

    private static string EndedOutcome(Func<AudioClip> load)
    {
        try
        {
            return $"{Ended(load).Frames} frames";
        }
        catch (AudioFormatException ex)
        {
            return ex.Reason;
        }
    }
}
