using MusicGenre.Audio;
using MusicGenre.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace MusicGenre.Tests.Audio;

/// <summary>
/// Fuzz-style robustness: seeded random bytes and mutated valid files (bytes flipped in the header, truncated at
/// random points) for every decoder. Each case must give samples or an <see cref="AudioFormatException"/>, within a
/// time limit; nothing else may escape.
/// </summary>
public class DecoderFuzzTests(ITestOutputHelper output)
{
    private const int CasesPerKind = 50;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(5);
    private static readonly AudioLoadOptions Options = new() { SampleRate = null, Mono = false, MaxSamples = 1 << 22, FfmpegPath = "/nonexistent/ffmpeg" };

    public static TheoryData<string> ManagedFormats => new() { "wav16", "wav24ext", "wavfloat", "au", "aiff", "aifc-sowt" };

    [Theory]
    [MemberData(nameof(ManagedFormats))]
    public void SyntheticPcmFiles_SurviveMutation(string kind) => FuzzAll(kind, SyntheticSeed(kind));

    [SkippableTheory]
    [InlineData(TestAudio.Mp3Cbr, 8000)]
    [InlineData(TestAudio.Mp3VbrMono, 6000)]
    [InlineData(TestAudio.OggStereo, 20000)]
    public void CompressedFiles_SurviveMutation(string file, int prefixBytes)
    {
        var bytes = File.ReadAllBytes(SharedData.Format(file));
        FuzzAll(file, bytes[..prefixBytes]);
    }

    [Fact]
    public void RandomBytes_BehindEveryMagicNumber_GiveTypedErrors()
    {
        string[] magics = ["RIFF\0\0\0\0WAVE", ".snd", "FORM\0\0\0\0AIFF", "FORM\0\0\0\0AIFC", "ID3\u0003\0\0\0\0\0\0", "OggS", "\u00ff\u00fb\u0090\0"];
        var random = new Random(20261129);
        int samples = 0, errors = 0;
        foreach (var magic in magics)
        {
            var prefix = magic.Select(c => (byte)c).ToArray();
            for (int i = 0; i < CasesPerKind; i++)
            {
                var data = new byte[prefix.Length + random.Next(0, 4096)];
                random.NextBytes(data);
                prefix.CopyTo(data, 0);
                if (RunCase(data, $"magic {magic.Replace("\0", "")} #{i}")) samples++; else errors++;
            }
        }
        for (int i = 0; i < CasesPerKind; i++)
        {
            var data = new byte[random.Next(0, 2048)];
            random.NextBytes(data);
            if (RunCase(data, $"random #{i}")) samples++; else errors++;
        }
        output.WriteLine($"random: {samples} decoded, {errors} typed errors");
    }

    private void FuzzAll(string kind, byte[] seed)
    {
        var random = new Random(StableSeed(kind));
        int samples = 0, errors = 0;
        Assert.True(RunCase(seed, $"{kind} seed"), $"{kind}: the unmutated seed must decode");
        for (int i = 0; i < CasesPerKind; i++)
        {
            // 1. Flip 1-4 bytes in the first 64.
            var flipped = (byte[])seed.Clone();
            for (int f = random.Next(1, 5); f > 0; f--) flipped[random.Next(Math.Min(64, flipped.Length))] = (byte)random.Next(256);
            Count(RunCase(flipped, $"{kind} flip #{i}"));
            // 2. Truncate at a random point.
            Count(RunCase(seed[..random.Next(seed.Length)], $"{kind} truncate #{i}"));
            // 3. Both.
            Count(RunCase(flipped[..random.Next(flipped.Length)], $"{kind} flip+truncate #{i}"));
            // 4. Set a 32-bit field in the header to an extreme value (sizes, rates, counts).
            var extreme = (byte[])seed.Clone();
            int at = random.Next(Math.Min(60, extreme.Length - 4));
            uint value = random.Next(4) switch { 0 => 0u, 1 => uint.MaxValue, 2 => 0x7FFFFFFFu, _ => 0x80000000u };
            BitConverter.TryWriteBytes(extreme.AsSpan(at), value);
            Count(RunCase(extreme, $"{kind} extreme@{at} #{i}"));
        }
        output.WriteLine($"{kind}: {samples} decoded, {errors} typed errors");

        void Count(bool decoded)
        {
            if (decoded) samples++; else errors++;
        }
    }

    /// <summary>Runs one case; true for samples, false for a typed error; fails the test on anything else or a hang.</summary>
    private static bool RunCase(byte[] data, string name)
    {
        using var cts = new CancellationTokenSource();
        var task = Task.Run(() =>
        {
            try
            {
                var clip = AudioFile.Load(new MemoryStream(data, writable: false), Options, name, cts.Token);
                Assert.True(clip.Samples.Length <= Options.MaxSamples);
                return (Decoded: true, Error: (Exception?)null);
            }
            catch (AudioFormatException ex)
            {
                Assert.Equal(name, ex.FilePath);
                Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
                return (Decoded: false, Error: null);
            }
            catch (Exception ex)
            {
                return (Decoded: false, Error: ex);
            }
        });
        if (!task.Wait(CaseTimeout))
        {
            cts.Cancel();
            Assert.Fail($"{name}: no result within {CaseTimeout.TotalSeconds} s (hang)");
        }
        var (decoded, error) = task.Result;
        if (error is not null) Assert.Fail($"{name}: {error.GetType().Name} escaped: {error}");
        return decoded;
    }

    private static byte[] SyntheticSeed(string kind)
    {
        var random = new Random(42);
        var pcm = new byte[2400];
        random.NextBytes(pcm);
        return kind switch
        {
            "wav16" => WavWriter.Build(1, 2, 22050, 16, pcm, false, ("LIST", new byte[13]), ("fact", new byte[4])),
            "wav24ext" => WavWriter.Build(1, 2, 48000, 24, pcm, extensible: true),
            "wavfloat" => WavWriter.Float32(Enumerable.Range(0, 600).Select(i => MathF.Sin(i * 0.1f)).ToArray(), 1, 44100),
            "au" => AuWriter.Build(3, 22050, 1, pcm),
            "aiff" => AiffSeed(pcm),
            "aifc-sowt" => AuWriter.Aifc("sowt", 2, 16, 8000, pcm),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static byte[] AiffSeed(byte[] pcm)
    {
        // Plain AIFF: the AIFF-C writer's layout without the compression fields.
        var aifc = AuWriter.Aifc("NONE", 1, 16, 22050, pcm);
        var aiff = new List<byte>(aifc.Length);
        aiff.AddRange(aifc[..8]);
        aiff.AddRange("AIFF"u8.ToArray());
        aiff.AddRange("COMM"u8.ToArray());
        aiff.AddRange(new byte[] { 0, 0, 0, 18 });
        aiff.AddRange(aifc[20..38]);
        aiff.AddRange(aifc[44..]);
        var bytes = aiff.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    private static int StableSeed(string text)
    {
        int h = 17;
        foreach (char c in text) h = h * 31 + c;
        return h;
    }
}
