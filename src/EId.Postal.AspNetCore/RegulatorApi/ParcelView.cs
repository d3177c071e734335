using EId.Postal.Regulation;

namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>A parcel as the regulator API shows it: masked sender fields always, the sender's personal data only for <see cref="RegulatorRoles.ReadPersonalData"/>.</summary>
/// <param name="WaybillNumber">Waybill number.</param>
/// <param name="SenderToken">The sender's pseudonym (for a sender search).</param>
/// <param name="SenderNameMasked">Masked name (<c>王**</c>).</param>
/// <param name="SenderPhoneMasked">Masked phone.</param>
/// <param name="ItemCategory">Item category.</param>
/// <param name="ItemDescription">Item description.</param>
/// <param name="WeightGrams">Weight.</param>
/// <param name="OriginRegion">Origin region code.</param>
/// <param name="DestinationRegion">Destination region code.</param>
/// <param name="CourierId">The accepting courier.</param>
/// <param name="DeviceId">The handheld.</param>
/// <param name="Verdict">The sender check's verdict.</param>
/// <param name="Method">How the identity was presented.</param>
/// <param name="AcceptedAt">When the parcel was accepted.</param>
/// <param name="Sender">The decrypted personal data, or null (no role, or shredded).</param>
public sealed record ParcelView(
    string WaybillNumber,
    string SenderToken,
    string SenderNameMasked,
    string? SenderPhoneMasked,
    string ItemCategory,
    string? ItemDescription,
    int WeightGrams,
    string OriginRegion,
    string DestinationRegion,
    string CourierId,
    string DeviceId,
    string Verdict,
    string? Method,
    DateTimeOffset AcceptedAt,
    SenderView? Sender)
{
    /// <summary>The view of <paramref name="parcel"/> for <paramref name="officer"/>.</summary>
    /// <param name="parcel">The parcel.</param>
    /// <param name="officer">The asking officer.</param>
    /// <returns>The view.</returns>
    public static ParcelView Of(ParcelRecord parcel, RegulatorPrincipal officer)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        ArgumentNullException.ThrowIfNull(officer);

        // RegulatorQueries already leaves the data sealed without the role; checked again so no caller can leak it.
        var pii = officer.Roles.HasFlag(RegulatorRoles.ReadPersonalData) && parcel.SenderPii is { } p ? new SenderView(p.IdNumber, p.FullName, p.Phone) : null;
        return new ParcelView(parcel.WaybillNumber, parcel.SenderToken, parcel.SenderNameMasked, parcel.SenderPhoneMasked, parcel.ItemCategory, parcel.ItemDescription,
            parcel.WeightGrams, parcel.OriginRegion, parcel.DestinationRegion, parcel.CourierId, parcel.DeviceId, parcel.Verification.Verdict.ToString(),
            parcel.Verification.Method, parcel.AcceptedAt, pii);
    }
}

/// <summary>The sender's personal data (only for <see cref="RegulatorRoles.ReadPersonalData"/>).</summary>
/// <param name="IdNumber">ID number.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Phone">Phone.</param>
public sealed record SenderView(string IdNumber, string FullName, string? Phone)
{
    /// <summary>Masked, safe for logs.</summary>
    public override string ToString() => "SenderView(…)";
}
