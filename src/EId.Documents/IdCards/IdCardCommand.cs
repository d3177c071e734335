namespace EId.Documents.IdCards;

/// <summary>A GA 467 command sent to a resident ID card reader: command byte, parameter byte, optional data.</summary>
/// <param name="Command">CMD.</param>
/// <param name="Parameter">Para.</param>
/// <param name="Data">Command data (empty for the card commands).</param>
public sealed record IdCardCommand(byte Command, byte Parameter, ReadOnlyMemory<byte> Data)
{
    /// <summary>Find card (20 01).</summary>
    public static IdCardCommand FindCard { get; } = new(0x20, 0x01, ReadOnlyMemory<byte>.Empty);

    /// <summary>Select card (20 02).</summary>
    public static IdCardCommand SelectCard { get; } = new(0x20, 0x02, ReadOnlyMemory<byte>.Empty);

    /// <summary>Read base information: text and photo (30 01).</summary>
    public static IdCardCommand ReadBaseInfo { get; } = new(0x30, 0x01, ReadOnlyMemory<byte>.Empty);

    /// <summary>True when <paramref name="other"/> has the same command and parameter bytes.</summary>
    /// <param name="other">The command to compare with.</param>
    /// <returns>Whether CMD and Para are equal.</returns>
    public bool IsSameCommandAs(IdCardCommand other) => other is not null && other.Command == Command && other.Parameter == Parameter;

    /// <summary>CMD and Para in hex.</summary>
    /// <returns>E.g. <c>IdCardCommand(20 01, 0 data bytes)</c>.</returns>
    public override string ToString() => $"IdCardCommand({Command:X2} {Parameter:X2}, {Data.Length} data bytes)";
}
