namespace EId.Postal;

/// <summary>The identity server's verdict on a parcel sender.</summary>
public enum SenderVerdict
{
    /// <summary>Identity and face verified.</summary>
    Verified = 1,

    /// <summary>The document or credential is not valid.</summary>
    DocumentRejected = 2,

    /// <summary>The registry refused the person or could not be reached.</summary>
    RegistryRejected = 3,

    /// <summary>The live face does not match.</summary>
    FaceMismatch = 4,

    /// <summary>Liveness failed.</summary>
    NotLive = 5,
}
