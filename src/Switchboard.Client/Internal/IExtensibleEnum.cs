namespace Switchboard.Client.Internal;

/// <summary>
/// A string-backed value type with known values that accepts unknown ones as well.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
internal interface IExtensibleEnum<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    /// <summary>Creates a value from its wire text.</summary>
    static abstract TSelf FromString(string value);
}
