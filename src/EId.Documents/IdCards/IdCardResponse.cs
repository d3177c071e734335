namespace EId.Documents.IdCards;

/// <summary>A GA 467 response frame's content: the card's SW1 SW2, the reader's status (SW3) and data.</summary>
/// <param name="Sw1">SW1 forwarded from the card's APDU response.</param>
/// <param name="Sw2">SW2 forwarded from the card's APDU response.</param>
/// <param name="Status">SW3: the reader's status.</param>
/// <param name="Data">Response data (may be empty).</param>
public sealed record IdCardResponse(byte Sw1, byte Sw2, IdCardStatus Status, ReadOnlyMemory<byte> Data)
{
    /// <summary>Creates a response with SW1 = SW2 = 0.</summary>
    /// <param name="status">SW3.</param>
    /// <param name="data">Response data.</param>
    /// <returns>The response.</returns>
    public static IdCardResponse Of(IdCardStatus status, ReadOnlyMemory<byte> data = default) => new(0, 0, status, data);

    /// <summary>Status and length only: the data can hold personal information.</summary>
    /// <returns>E.g. <c>IdCardResponse(Success, 1284 data bytes)</c>.</returns>
    public override string ToString() => $"IdCardResponse({Status}, {Data.Length} data bytes)";
}
