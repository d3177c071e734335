namespace EId.Registry.Protocol;

/// <summary>Registry calls carried by the sealed channel.</summary>
internal enum RegistryOperation
{
    Lookup = 1,
    RecordIssuance = 2,
}
