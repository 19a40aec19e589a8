using MusicGenre.Audio;
using MusicGenre.Audio.Mp3;

namespace MusicGenre.Fuzz;

/// <summary>How a case's bytes reach <see cref="AudioFile.Load(Stream, AudioLoadOptions?, string?, CancellationToken)"/>.</summary>
public enum Delivery
{
    /// <summary>A seekable <see cref="MemoryStream"/>.</summary>
    SeekableStream,

    /// <summary>A forward-only stream handing out small uneven reads (a pipe or network stream).</summary>
    NonSeekableStream,

    /// <summary>A temporary file, loaded by path.</summary>
    FilePath,
}

/// <summary>One reproducible case: which seed, which mutation, how it is delivered, with which options.</summary>
/// <param name="Index">The case number; with the run's seed it reproduces the case (<c>--case N</c>).</param>
/// <param name="Seed">The seed file it started from.</param>
/// <param name="Mutation">The mutation applied.</param>
/// <param name="Delivery">Stream, forward-only stream or path.</param>
/// <param name="Options">The load options.</param>
/// <param name="Data">The mutated bytes.</param>
public sealed record FuzzCase(long Index, string Seed, string Mutation, Delivery Delivery, AudioLoadOptions Options, byte[] Data)
{
    /// <summary>The MP3 decoder the case runs with (both are fuzzed: odd cases native where libmpg123 exists, even ones managed).</summary>
    public Mp3Backend Mp3Backend => Index % 2 == 1 ? Mp3Backend.Native : Mp3Backend.Managed;

    private static readonly (int? Rate, bool Mono, double Offset, double? Duration)[] OptionSets =
    [
        (null, false, 0, null), (22050, true, 0, null), (16000, true, 0, null), (null, true, 0.01, 0.05), (22050, false, 0.02, null),
    ];

    /// <summary>Builds case <paramref name="index"/> of a run seeded with <paramref name="runSeed"/>.</summary>
    public static FuzzCase Create(int runSeed, long index, IReadOnlyList<FuzzSeed> seeds, double totalWeight, string? ffmpegPath)
    {
        var random = new Random(CaseSeed(runSeed, index));
        var delivery = (Delivery)random.Next(3);
        var set = OptionSets[random.Next(OptionSets.Length)];
        var options = new AudioLoadOptions
        {
            SampleRate = set.Rate, Mono = set.Mono, Offset = set.Offset, Duration = set.Duration,
            MaxSamples = 1 << 22, FfmpegPath = "/nonexistent/ffmpeg",
        };
        if (random.NextDouble() < 0.03)
            return new FuzzCase(index, "magic", "random-behind-magic", delivery, options, Mutator.RandomBehindMagic(random));
        var seed = Pick(seeds, totalWeight, random.NextDouble());
        if (seed.NeedsFfmpeg && ffmpegPath is not null) options.FfmpegPath = ffmpegPath;
        var kinds = seed.IsOgg && random.Next(2) == 0 ? Mutator.OggKinds : Mutator.GenericKinds;
        string kind = kinds[random.Next(kinds.Length)];
        return new FuzzCase(index, seed.Name, kind, delivery, options, Mutator.Apply(kind, seed.Data, random));
    }

    /// <summary>A well-mixed 32-bit seed for one case (SplitMix64 of the run seed and the index).</summary>
    private static int CaseSeed(int runSeed, long index)
    {
        ulong z = unchecked((ulong)runSeed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    private static FuzzSeed Pick(IReadOnlyList<FuzzSeed> seeds, double totalWeight, double u)
    {
        double at = u * totalWeight;
        foreach (var seed in seeds)
        {
            if (at < seed.Weight) return seed;
            at -= seed.Weight;
        }
        return seeds[^1];
    }
}
