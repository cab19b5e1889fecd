using System.Security.Cryptography;
using NativeNet.Distributed.Communication;

namespace NativeNet.Distributed.Training;

/// <summary>
/// Detects, before training, ranks that would train something different (other data, hyperparameters or initial
/// parameters): each rank hashes what it has, the hashes are all-gathered, and any rank that differs from rank 0 is named.
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>Compares the SHA-256 of <paramref name="content"/> across all ranks.</summary>
    /// <param name="communicator">The ranks; every rank must call this with the same <paramref name="what"/>.</param>
    /// <param name="what">What <paramref name="content"/> describes, for the error message (e.g. "training data").</param>
    /// <param name="content">The bytes every rank must agree on.</param>
    /// <exception cref="DistributedException">Some rank's hash differs from rank 0's.</exception>
    public static void Verify(ICommunicator communicator, string what, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        byte[] mine = SHA256.HashData(content);
        var all = new byte[mine.Length * communicator.Size];
        communicator.AllGather(mine, all);
        var differing = Enumerable.Range(1, communicator.Size - 1)
            .Where(r => !all.AsSpan(r * mine.Length, mine.Length).SequenceEqual(all.AsSpan(0, mine.Length)))
            .ToArray();
        if (differing.Length > 0)
            throw new DistributedException(
                $"The ranks disagree on the {what}: rank{(differing.Length > 1 ? "s" : "")} {string.Join(", ", differing)} differ{(differing.Length > 1 ? "" : "s")} from rank 0.");
    }
}
