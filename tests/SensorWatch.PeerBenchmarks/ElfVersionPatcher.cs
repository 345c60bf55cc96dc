using System.Buffers.Binary;
using System.Text;

namespace SensorWatch.PeerBenchmarks;

/// <summary>
/// TorchSharp-cpu 0.107's libLibTorchSharp.so requires GLIBCXX_3.4.32 (GCC 13); Debian 12's libstdc++ stops at
/// 3.4.30. Only <c>std::ios_base_library_init</c> carries that version and nothing relocates it, so marking that one
/// requirement weak (VER_FLG_WEAK in its Vernaux entry of .gnu.version_r) lets the loader accept the library.
/// Patches the copy in the output folder only, once.
/// </summary>
internal static class ElfVersionPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Marks <paramref name="version"/> weak in the file; returns what it did.</summary>
    public static string MarkWeak(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2)
        {
            return $"{path}: not a 64-bit ELF file";
        }

        long shoff = BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        for (int s = 0; s < shnum; s++)
        {
            Span<byte> section = elf.AsSpan((int)(shoff + (s * shentsize)), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != ShtGnuVerneed)
            {
                continue;
            }

            long offset = BinaryPrimitives.ReadInt64LittleEndian(section[0x18..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(section[0x28..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(section[0x2C..]);
            long strtab = BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan((int)(shoff + (link * shentsize) + 0x18)));
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan((int)need + 2));
                long aux = need + BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)need + 8));
                for (int x = 0; x < auxCount; x++)
                {
                    long nameOffset = strtab + BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)aux + 8));
                    int end = Array.IndexOf(elf, (byte)0, (int)nameOffset);
                    string name = Encoding.ASCII.GetString(elf, (int)nameOffset, end - (int)nameOffset);
                    if (name == version)
                    {
                        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan((int)aux + 4));
                        if ((flags & VerFlagWeak) != 0)
                        {
                            return $"{Path.GetFileName(path)}: {version} already weak";
                        }

                        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan((int)aux + 4), (ushort)(flags | VerFlagWeak));
                        File.WriteAllBytes(path, elf);
                        return $"{Path.GetFileName(path)}: marked {version} weak";
                    }

                    aux += BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)aux + 12));
                }

                need += BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)need + 12));
            }
        }

        return $"{Path.GetFileName(path)}: no {version} requirement";
    }
}
