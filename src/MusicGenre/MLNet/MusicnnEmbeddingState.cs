using System.Security.Cryptography;
using System.Text;
using MusicGenre.Features;
using MusicGenre.Models.Musicnn;

namespace MusicGenre.MLNet;

/// <summary>
/// What a fitted musicnn embedding needs to run and to be saved: the embedder (network weights, patch options) and
/// the pooling. Serialised as one extra entry of the model zip (versioned, with a SHA-256 of the weights).
/// </summary>
internal sealed class MusicnnEmbeddingState
{
    private static readonly byte[] Magic = "MGMN"u8.ToArray();
    private const int FormatVersion = 1;

    public MusicnnEmbeddingState(MusicnnEmbedder embedder, MusicnnPooling pooling)
    {
        Embedder = embedder;
        Pooling = pooling;
    }

    public MusicnnEmbedder Embedder { get; }

    public MusicnnPooling Pooling { get; }

    public string Contract => MusicnnContracts.For(Pooling);

    public float[] Embed(float[] samples16k) => Embedder.EmbedTrack(samples16k, Pooling);

    public void Write(Stream stream)
    {
        using var weights = new MemoryStream();
        using (var weightsWriter = new BinaryWriter(weights, Encoding.UTF8, leaveOpen: true))
            Embedder.Network.save(weightsWriter);
        var bytes = weights.ToArray();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write((int)Pooling);
        writer.Write(Embedder.FeatureOptions.PatchHop);
        writer.Write(Embedder.FeatureOptions.MaxPatches ?? -1);
        writer.Write(Embedder.BatchSize);
        writer.Write(bytes.Length);
        writer.Write(bytes);
        writer.Write(SHA256.HashData(bytes));
    }

    /// <exception cref="InvalidDataException">The entry is truncated, corrupted or from an unknown version; the message names <paramref name="source"/>.</exception>
    public static MusicnnEmbeddingState Read(Stream stream, string source)
    {
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"{source}: not a MusicGenre musicnn entry.");
            var version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"{source}: musicnn entry format version {version}; this MusicGenre reads version {FormatVersion}.");
            var pooling = (MusicnnPooling)reader.ReadInt32();
            var patchHop = reader.ReadInt32();
            var maxPatches = reader.ReadInt32();
            var batchSize = reader.ReadInt32();
            var length = reader.ReadInt32();
            if (!Enum.IsDefined(pooling) || patchHop < 1 || maxPatches is < -1 or 0 || batchSize < 1 || length <= 0 || length > stream.Length)
                throw new InvalidDataException($"{source}: invalid musicnn entry header (pooling {(int)pooling}, hop {patchHop}, max patches {maxPatches}, batch {batchSize}, {length} weight bytes).");
            var bytes = reader.ReadBytes(length);
            var checksum = reader.ReadBytes(32);
            if (bytes.Length != length || checksum.Length != 32)
                throw new InvalidDataException($"{source}: musicnn entry is truncated.");
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(checksum))
                throw new InvalidDataException($"{source}: musicnn weights checksum mismatch (corrupted file).");
            var network = new MusicnnNetwork();
            try
            {
                using var weights = new BinaryReader(new MemoryStream(bytes, writable: false));
                network.load(weights);
            }
            catch
            {
                network.Dispose();
                throw;
            }
            var featureOptions = new MusicnnFeaturesOptions { PatchHop = patchHop, MaxPatches = maxPatches < 0 ? null : maxPatches };
            return new MusicnnEmbeddingState(new MusicnnEmbedder(network, featureOptions, batchSize), pooling);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source}: musicnn entry is truncated.", e);
        }
    }
}
