namespace NativeNet.Fuzz;

/// <summary>
/// One reader under fuzzing: <see cref="Run"/> feeds it bytes and returns the documented exception it rejected them
/// with (null when it accepted them); any other exception escapes, and afl-fuzz records the input as a crash.
/// </summary>
/// <param name="Name">The target's name on the command line and in the regression-input folders.</param>
/// <param name="Description">What the target reads, for the usage text.</param>
/// <param name="Run">Reads the input; returns the documented rejection or null.</param>
/// <param name="Seeds">Small valid inputs that start the corpus.</param>
public sealed record FuzzTarget(string Name, string Description, Func<byte[], Exception?> Run, Func<IReadOnlyList<byte[]>> Seeds);
