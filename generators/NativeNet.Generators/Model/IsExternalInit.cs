namespace System.Runtime.CompilerServices;

/// <summary>Lets records compile for netstandard2.0, which predates init accessors.</summary>
internal static class IsExternalInit
{
}
