using System.Globalization;
using System.Runtime.Intrinsics;

namespace NativeNet.Kernels;

/// <summary>
/// The widest vectors the elementwise engine (<see cref="Elementwise"/>) and the GEMM kernels use: the widest the
/// hardware accelerates, capped by <see cref="MaxBits"/> so that tests and benchmarks can run every path on one machine.
/// The engine's results do not depend on it: every width computes every element with the same operations. GEMM's 256-
/// and 128-bit kernels agree with each other; the 512-bit kernel blocks double products differently, and the scalar
/// kernel multiplies and adds without FMA, so their results may differ in the last bits.
/// </summary>
public static class VectorWidth
{
    /// <summary>The environment variable that sets the initial <see cref="MaxBits"/> (512, 256, 128 or 0).</summary>
    public const string EnvironmentVariable = "NATIVENET_MAX_VECTOR_BITS";

    private static int? _maxBits;

    /// <summary>The widest vectors this machine accelerates: 512, 256, 128, or 0 without SIMD.</summary>
    public static int HardwareBits { get; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>
    /// The cap on the vector width: 512, 256, 128 or 0 (one element at a time). Starts at
    /// <see cref="EnvironmentVariable"/>'s value, or 512 when it is unset.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value (or the environment variable) is not 512, 256, 128 or 0.</exception>
    public static int MaxBits
    {
        get => _maxBits ??= FromEnvironment();
        set => _maxBits = Validate(value, nameof(MaxBits));
    }

    /// <summary>The width in use: the smaller of <see cref="HardwareBits"/> and <see cref="MaxBits"/>.</summary>
    public static int Bits => Math.Min(HardwareBits, MaxBits);

    private static int FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text)) return 512;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int bits))
            throw new ArgumentOutOfRangeException(EnvironmentVariable, text, $"{EnvironmentVariable} must be 512, 256, 128 or 0.");
        return Validate(bits, EnvironmentVariable);
    }

    private static int Validate(int bits, string name) => bits is 512 or 256 or 128 or 0
        ? bits
        : throw new ArgumentOutOfRangeException(name, bits, $"{name} must be 512, 256, 128 or 0.");
}
