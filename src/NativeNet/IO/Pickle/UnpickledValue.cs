namespace NativeNet.IO;

/// <summary>
/// What <see cref="RestrictedUnpickler.Read"/> returns: the pickle's value and the byte offset at which each of its
/// containers and arrays was created, so that a reader can say where a value it rejects came from.
/// </summary>
internal sealed class UnpickledValue(object? root, IReadOnlyDictionary<object, long> offsets, string sourceName)
{
    /// <summary>The value the pickle holds.</summary>
    public object? Root { get; } = root;

    /// <summary>The file name for error messages.</summary>
    public string SourceName { get; } = sourceName;

    /// <summary>The offset of the opcode that created <paramref name="value"/> (a dict, list, tuple or array), or 0.</summary>
    public long OffsetOf(object? value) => value is not null && offsets.TryGetValue(value, out long offset) ? offset : 0;

    /// <summary>An error about <paramref name="value"/>, at the offset where it was created.</summary>
    public DataFormatException Error(object? value, string problem) => new(SourceName, OffsetOf(value), problem);
}
