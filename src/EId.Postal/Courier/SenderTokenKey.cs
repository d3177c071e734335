using EId.Privacy;

namespace EId.Postal.Courier;

/// <summary>
/// The regulator's pseudonym key for sender tokens, as a service: tokens are HMAC-SHA256 of the
/// ID number (<see cref="SubjectPseudonym"/>), so the regulator can find all parcels of a person
/// without the ledger storing the ID number in the clear.
/// </summary>
public sealed class SenderTokenKey : IDisposable
{
    /// <summary>Creates the key holder (key at least 32 bytes; copied).</summary>
    /// <exception cref="ArgumentException">The key is too short.</exception>
    public SenderTokenKey(ReadOnlySpan<byte> key) => Pseudonym = new SubjectPseudonym(key);

    /// <summary>The pseudonymiser.</summary>
    public SubjectPseudonym Pseudonym { get; }

    /// <summary>The sender token of an ID number.</summary>
    public string TokenOf(string idNumber) => Pseudonym.Of(idNumber);

    /// <inheritdoc />
    public void Dispose() => Pseudonym.Dispose();

    /// <summary>Never prints the key.</summary>
    public override string ToString() => nameof(SenderTokenKey);
}
