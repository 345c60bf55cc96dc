using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SensorWatch.Core.Snapshots;

/// <summary>
/// The byte layout of a model file (docs/model-format.md): a 56-byte preamble, a UTF-8 JSON header and float32 weights.
/// <code>
/// 0   8  magic "SWMODEL" 0x1A
/// 8   4  format version, uint32 LE
/// 12  4  header length H, uint32 LE
/// 16  8  weights length W in bytes, uint64 LE (a multiple of 4)
/// 24 32  SHA-256 of bytes [56, 56 + H + W)
/// 56  H  JSON header
/// 56+H W float32 LE weights, tensors in header order, each row-major
/// </code>
/// </summary>
internal static class SnapshotContainer
{
    public const int PreambleLength = 56;
    /// <summary>The newest format this build writes and reads: 2 adds the optional residual predictor of the score.</summary>
    public const uint CurrentVersion = 2;

    /// <summary>The oldest format this build reads (version 1: no residual predictor, the score is the per-step score).</summary>
    public const uint MinimumVersion = 1;

    public static ReadOnlySpan<byte> Magic => "SWMODEL\u001a"u8;

    /// <summary>Builds the file bytes from a header and the weights (concatenated float32), stamped with <paramref name="version"/>.</summary>
    public static byte[] Build(ReadOnlySpan<byte> header, ReadOnlySpan<float> weights, uint version = CurrentVersion)
    {
        if (version is < MinimumVersion or > CurrentVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, $"Format version must be {MinimumVersion}..{CurrentVersion}.");
        }

        ReadOnlySpan<byte> weightBytes = MemoryMarshal.AsBytes(weights);
        byte[] file = new byte[PreambleLength + header.Length + weightBytes.Length];
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), version);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)header.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), (ulong)weightBytes.Length);
        header.CopyTo(file.AsSpan(PreambleLength));
        if (BitConverter.IsLittleEndian)
        {
            weightBytes.CopyTo(file.AsSpan(PreambleLength + header.Length));
        }
        else
        {
            for (int i = 0; i < weights.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(PreambleLength + header.Length + (4 * i)), weights[i]);
            }
        }

        SHA256.HashData(file.AsSpan(PreambleLength), file.AsSpan(24, 32));
        return file;
    }

    /// <summary>Validates the preamble and checksum; returns the header bytes and the weights.</summary>
    public static (byte[] Header, float[] Weights) Open(ReadOnlySpan<byte> file, string source)
    {
        (byte[] header, float[] weights, _) = OpenVersioned(file, source);
        return (header, weights);
    }

    /// <summary>Validates the preamble and checksum; returns the header bytes, the weights and the format version.</summary>
    public static (byte[] Header, float[] Weights, uint Version) OpenVersioned(ReadOnlySpan<byte> file, string source)
    {
        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
        {
            string found = Convert.ToHexString(file[..Math.Min(8, file.Length)]);
            throw new ModelSnapshotException(SnapshotErrorKind.WrongMagic,
                $"{source} is not a SensorWatch model: expected the magic bytes 53574D4F44454C1A (\"SWMODEL\\x1a\"), found {(found.Length == 0 ? "an empty file" : found)}. Pass a file written by 'sensorwatch train'.");
        }

        if (file.Length < PreambleLength)
        {
            throw new ModelSnapshotException(SnapshotErrorKind.Truncated,
                $"{source} is truncated: expected a {PreambleLength}-byte preamble, found {file.Length} bytes. Copy the model file again or retrain.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file[8..]);
        if (version is < MinimumVersion or > CurrentVersion)
        {
            throw new ModelSnapshotException(SnapshotErrorKind.UnsupportedVersion,
                $"{source} has model format version {version}; this build reads versions {MinimumVersion}..{CurrentVersion}. {(version > CurrentVersion ? "Upgrade SensorWatch to read it" : "Retrain the model with this build")}.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt32LittleEndian(file[12..]);
        ulong weightLength = BinaryPrimitives.ReadUInt64LittleEndian(file[16..]);
        ulong expected = PreambleLength + headerLength + weightLength;
        if ((ulong)file.Length < expected || weightLength % 4 != 0)
        {
            throw new ModelSnapshotException(SnapshotErrorKind.Truncated,
                $"{source} is truncated: expected {expected} bytes (the preamble declares {headerLength} header + {weightLength} weight bytes), found {file.Length}. Copy the model file again or retrain.");
        }

        if ((ulong)file.Length > expected)
        {
            throw new ModelSnapshotException(SnapshotErrorKind.ChecksumMismatch,
                $"{source} has {(ulong)file.Length - expected} trailing bytes after the declared {expected}; expected none. The file is damaged: copy it again or retrain.");
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(file[PreambleLength..], hash);
        if (!hash.SequenceEqual(file.Slice(24, 32)))
        {
            throw new ModelSnapshotException(SnapshotErrorKind.ChecksumMismatch,
                $"{source} is corrupted: expected SHA-256 {Convert.ToHexString(file.Slice(24, 32))}, the content hashes to {Convert.ToHexString(hash)}. Copy the model file again or retrain.");
        }

        byte[] header = file.Slice(PreambleLength, (int)headerLength).ToArray();
        ReadOnlySpan<byte> weightBytes = file.Slice(PreambleLength + (int)headerLength, (int)weightLength);
        float[] weights = new float[weightBytes.Length / 4];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = BinaryPrimitives.ReadSingleLittleEndian(weightBytes[(4 * i)..]);
        }

        return (header, weights, version);
    }

    /// <summary>Writes bytes atomically: a temp file in the same folder, flushed to disk, then renamed over the target.</summary>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (FileStream stream = new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
