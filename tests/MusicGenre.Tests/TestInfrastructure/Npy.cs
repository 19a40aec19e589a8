using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace MusicGenre.Tests.TestInfrastructure;

/// <summary>Reads NumPy <c>.npy</c> files (little-endian float32/float64/int16, C order), as the librosa fixtures are stored.</summary>
public static partial class Npy
{
    /// <summary>Reads a fixture: its data as float32 and its shape.</summary>
    public static (float[] Data, int[] Shape) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path}: not a .npy file");
        int major = bytes[6];
        int headerLen = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int dataStart = (major == 1 ? 10 : 12) + headerLen;
        var header = Encoding.ASCII.GetString(bytes, major == 1 ? 10 : 12, headerLen);
        var descr = DescrRegex().Match(header).Groups[1].Value;
        if (header.Contains("'fortran_order': True")) throw new NotSupportedException($"{path}: Fortran order");
        var shape = ShapeRegex().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var data = new float[count];
        var span = bytes.AsSpan(dataStart);
        for (long i = 0; i < count; i++)
        {
            data[i] = descr switch
            {
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(span[(int)(i * 4)..]),
                "<f8" => (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(int)(i * 8)..]),
                "<f2" => (float)BinaryPrimitives.ReadHalfLittleEndian(span[(int)(i * 2)..]),
                "<i2" => BinaryPrimitives.ReadInt16LittleEndian(span[(int)(i * 2)..]),
                _ => throw new NotSupportedException($"{path}: dtype {descr}"),
            };
        }
        return (data, shape);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
