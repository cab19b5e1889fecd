namespace NativeNet.Cli;

/// <summary>A command line that parsed but cannot be run as given (conflicting or out-of-range options); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
