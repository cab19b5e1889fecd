using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeNet.Tensors;

/// <summary>
/// A portable, seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64).
/// </summary>
/// <remarks>
/// The same seed gives the same numbers on every machine: uniform draws are pure integer arithmetic, and normal
/// draws use the Box–Muller transform in double precision. Parallel work never shares one generator: each
/// partition takes its own stream with <see cref="ForStream"/>, so results do not depend on the thread count.
/// </remarks>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private bool _hasSpare;
    private double _spare;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public Rng(ulong seed) => Seed(seed);

    /// <summary>
    /// An independent generator for partition <paramref name="stream"/> of work seeded with <paramref name="seed"/>:
    /// the stream index is mixed into the seed, so stream k is the same whichever thread draws from it.
    /// </summary>
    public static Rng ForStream(ulong seed, ulong stream) => new(StreamSeed(seed, stream));

    /// <summary>
    /// Restarts this generator as <see cref="ForStream"/> would create it for <paramref name="seed"/> and
    /// <paramref name="stream"/>, without allocating: for work that takes a new stream per item in a hot loop.
    /// </summary>
    public void Reseed(ulong seed, ulong stream) => Seed(StreamSeed(seed, stream));

    private static ulong StreamSeed(ulong seed, ulong stream)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        return SplitMix64(ref x) ^ stream;
    }

    private void Seed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        _hasSpare = false;
        _spare = 0;
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next 64-bit draws: the same values, in the same order, as that many
    /// <see cref="NextUInt64"/> calls, but with the state kept in registers for the whole fill.
    /// </summary>
    public void FillUInt64(Span<ulong> destination)
    {
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BitOperations.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = BitOperations.RotateLeft(s3, 45);
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong range = (ulong)maxExclusive;
        ulong product = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold) product = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)product;
    }

    /// <summary>A standard normal draw (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u1;
        do u1 = NextDouble(); while (u1 == 0.0);
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform<T>(Span<T> destination, T low, T high) where T : IFloatingPointIeee754<T>
    {
        T width = high - low;
        if (typeof(T) == typeof(float))
            for (int i = 0; i < destination.Length; i++) destination[i] = low + width * T.CreateTruncating(NextSingle());
        else
            for (int i = 0; i < destination.Length; i++) destination[i] = low + width * T.CreateTruncating(NextDouble());
    }

    /// <summary>Fills <paramref name="destination"/> with normal values of the given mean and standard deviation.</summary>
    public void FillNormal<T>(Span<T> destination, T mean, T std) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = mean + std * T.CreateTruncating(NextNormal());
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates).</summary>
    public void Shuffle<TItem>(Span<TItem> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>The full generator state, for checkpoints: four state words, a spare-normal flag and the spare's bits.</summary>
    public ulong[] GetState() =>
        [_s0, _s1, _s2, _s3, _hasSpare ? 1UL : 0UL, (ulong)BitConverter.DoubleToInt64Bits(_spare)];

    /// <summary>Restores a state produced by <see cref="GetState"/>; the generator then continues bit-identically.</summary>
    /// <exception cref="ArgumentException">The state has the wrong length or is all zero.</exception>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 6) throw new ArgumentException($"An Rng state has 6 words, not {state.Length}.", nameof(state));
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new ArgumentException("An all-zero xoshiro state is invalid.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
        _hasSpare = state[4] != 0;
        _spare = BitConverter.Int64BitsToDouble((long)state[5]);
    }

    /// <summary>A new generator with a copy of this one's state.</summary>
    public Rng Clone()
    {
        var copy = new Rng(0);
        copy.SetState(GetState());
        return copy;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
