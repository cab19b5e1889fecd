using System.Buffers.Binary;

namespace NativeNet.Distributed.Communication;

/// <summary>
/// All-gathers messages of different lengths (one per rank) over <see cref="ICommunicator.AllGather"/>, which moves
/// equal lengths only: first every rank's length, then every message padded to the longest.
/// </summary>
public static class VariableLengthGather
{
    /// <summary>Every rank's <paramref name="mine"/>, in rank order, on every rank.</summary>
    /// <exception cref="DistributedException">A transfer failed or timed out.</exception>
    public static byte[][] AllGather(ICommunicator world, ReadOnlySpan<byte> mine)
    {
        ArgumentNullException.ThrowIfNull(world);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, mine.Length);
        var lengths = new byte[world.Size * sizeof(int)];
        world.AllGather(length, lengths);
        var sizes = new int[world.Size];
        for (int r = 0; r < world.Size; r++) sizes[r] = BinaryPrimitives.ReadInt32LittleEndian(lengths.AsSpan(r * sizeof(int)));
        int longest = sizes.Max();
        var padded = new byte[longest];
        mine.CopyTo(padded);
        var all = new byte[world.Size * longest];
        world.AllGather(padded, all);
        var messages = new byte[world.Size][];
        for (int r = 0; r < world.Size; r++) messages[r] = all.AsSpan(r * longest, sizes[r]).ToArray();
        return messages;
    }
}
