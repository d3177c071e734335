using System.Security.Cryptography;
using EId.Postal.Ledger;
using EId.Postal.Parcels;

namespace EId.Postal.Verdicts;

/// <summary>Binds a verdict to one parcel: a SHA-256 over a canonical encoding of every parcel field.</summary>
public static class ParcelBinding
{
    // Domain separation: this hash can never be mistaken for a ledger or request hash.
    private const string Domain = "EId.Postal parcel binding v1";

    /// <summary>The 32-byte hash of <paramref name="parcel"/>; any change of any field changes it.</summary>
    /// <param name="parcel">The parcel details.</param>
    /// <returns>The hash.</returns>
    public static byte[] Hash(ParcelDetails parcel)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        var writer = new CanonicalWriter(256);
        writer.WriteString(Domain);
        writer.WriteString(parcel.WaybillNumber);
        writer.WriteString(parcel.ItemCategory);
        writer.WriteString(parcel.ItemDescription);
        writer.WriteInt32(parcel.WeightGrams);
        writer.WriteString(parcel.OriginRegion);
        writer.WriteString(parcel.DestinationRegion);
        return SHA256.HashData(writer.ToArray());
    }
}
