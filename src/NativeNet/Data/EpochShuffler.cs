using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// The sample order of each training epoch. The permutation for epoch e depends only on (seed, e) — drawn from
/// <see cref="Rng.ForStream"/>(seed, e) over the identity — so resuming at epoch e, or skipping epochs, gives the
/// same order as an uninterrupted run.
/// </summary>
public sealed class EpochShuffler
{
    private readonly int[] _order;

    /// <summary>Creates a shuffler for <paramref name="count"/> samples.</summary>
    /// <param name="count">The number of samples.</param>
    /// <param name="seed">The run's shuffling seed.</param>
    public EpochShuffler(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _order = new int[count];
        Seed = seed;
    }

    /// <summary>The number of samples.</summary>
    public int Count => _order.Length;

    /// <summary>The shuffling seed.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// The permutation of [0, <see cref="Count"/>) for <paramref name="epoch"/>. The span is an internal buffer,
    /// overwritten by the next call; use <see cref="FillPermutation"/> to keep several.
    /// </summary>
    public ReadOnlySpan<int> PermutationFor(int epoch)
    {
        FillPermutation(epoch, _order);
        return _order;
    }

    /// <summary>Writes the permutation for <paramref name="epoch"/> into <paramref name="destination"/> (length <see cref="Count"/>).</summary>
    public void FillPermutation(int epoch, Span<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (destination.Length != Count)
            throw new ArgumentException($"The permutation of {Count} samples needs a destination of that length, not {destination.Length}.", nameof(destination));
        for (int i = 0; i < destination.Length; i++) destination[i] = i;
        Rng.ForStream(Seed, (ulong)epoch).Shuffle(destination);
    }
}
