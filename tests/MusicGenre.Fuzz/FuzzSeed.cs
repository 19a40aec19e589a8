using System.Buffers.Binary;

namespace MusicGenre.Fuzz;

/// <summary>A valid file the mutator starts from, and the decoder it exercises.</summary>
/// <param name="Name">Short name used in reports (for example "wav16" or "mp3-cbr").</param>
/// <param name="Data">The file's bytes.</param>
/// <param name="Weight">Relative share of the cases that start from it.</param>
/// <param name="IsOgg">Whether Ogg page mutations apply.</param>
/// <param name="NeedsFfmpeg">Whether it decodes through ffmpeg (slow: a process per case).</param>
public sealed record FuzzSeed(string Name, byte[] Data, double Weight, bool IsOgg = false, bool NeedsFfmpeg = false)
{
    /// <summary>
    /// The seeds: small synthetic files for every managed PCM layout, short prefixes of the compressed files in
    /// <paramref name="formatsFolder"/> (../shared/data/formats) when it exists, and the ffmpeg formats when
    /// <paramref name="withFfmpeg"/>.
    /// </summary>
    public static IReadOnlyList<FuzzSeed> All(string? formatsFolder, bool withFfmpeg)
    {
        var random = new Random(42);
        byte[] Pcm(int bytes)
        {
            var pcm = new byte[bytes];
            random.NextBytes(pcm);
            return pcm;
        }
        var seeds = new List<FuzzSeed>
        {
            new("wav16", WavWriter.Build(1, 2, 22050, 16, Pcm(2400), false, ("LIST", new byte[13]), ("fact", new byte[4])), 6),
            new("wav24ext", WavWriter.Build(1, 2, 48000, 24, Pcm(2400), extensible: true), 4),
            new("wavfloat", WavWriter.Float32(Enumerable.Range(0, 600).Select(i => MathF.Sin(i * 0.1f)).ToArray(), 1, 44100), 4),
            new("wav-u8", WavWriter.Build(1, 1, 8000, 8, Pcm(1500)), 2),
            new("wav-alaw", WavWriter.Build(6, 1, 8000, 8, Pcm(1500)), 2),
            new("wav-mulaw", WavWriter.Build(7, 2, 11025, 8, Pcm(1500)), 2),
            new("au16", AuWriter.Build(3, 22050, 1, Pcm(2400)), 6),
            new("au-mulaw", AuWriter.Build(1, 8000, 1, Pcm(1200)), 2),
            new("aiff", Aiff(Pcm(2400)), 4),
            new("aifc-sowt", AuWriter.Aifc("sowt", 2, 16, 8000, Pcm(2400)), 3),
            new("aifc-fl32", AuWriter.Aifc("fl32", 1, 32, 16000, Pcm(2400)), 2),
        };
        if (formatsFolder is not null && Directory.Exists(formatsFolder))
        {
            byte[] Read(string file, int prefix) { var all = File.ReadAllBytes(Path.Combine(formatsFolder, file)); return all[..Math.Min(prefix, all.Length)]; }
            seeds.Add(new("mp3-cbr", Read("mp3_128k_stereo_44100.mp3", 12000), 8));
            seeds.Add(new("mp3-vbr-mono", Read("mp3_vbr_mono_22050.mp3", 6000), 6));
            var ogg = File.ReadAllBytes(Path.Combine(formatsFolder, "ogg_stereo_44100.ogg"));
            var pages = OggPages.Find(ogg);
            seeds.Add(new("ogg-vorbis", ogg[..(pages[3].Offset + pages[3].Length)], 12, IsOgg: true));
            if (withFfmpeg)
            {
                seeds.Add(new("flac", Read("flac_mono_22050.flac", 24000), 0.25, NeedsFfmpeg: true));
                seeds.Add(new("opus", Read("opus_stereo_48000.opus", 12000), 0.25, IsOgg: true, NeedsFfmpeg: true));
                seeds.Add(new("m4a", File.ReadAllBytes(Path.Combine(formatsFolder, "aac_stereo_44100.m4a")), 0.1, NeedsFfmpeg: true));
            }
        }
        return seeds;
    }

    private static byte[] Aiff(byte[] pcm)
    {
        // Plain AIFF: the AIFF-C layout without the compression fields.
        var aifc = AuWriter.Aifc("NONE", 1, 16, 22050, pcm);
        var aiff = new List<byte>(aifc.Length);
        aiff.AddRange(aifc[..8]);
        aiff.AddRange("AIFF"u8.ToArray());
        aiff.AddRange("COMM"u8.ToArray());
        aiff.AddRange(new byte[] { 0, 0, 0, 18 });
        aiff.AddRange(aifc[20..38]);
        aiff.AddRange(aifc[44..]);
        var bytes = aiff.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }
}
