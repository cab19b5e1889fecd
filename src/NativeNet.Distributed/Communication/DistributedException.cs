namespace NativeNet.Distributed.Communication;

/// <summary>A data-parallel run cannot go on: a transfer failed or timed out, or the ranks disagree on what they train.</summary>
public sealed class DistributedException : Exception
{
    /// <summary>Creates the exception with a message that names the operation and the ranks involved.</summary>
    public DistributedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public DistributedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
