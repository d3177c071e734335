namespace EId.Server.Tests;

/// <summary>One server for every end-to-end class: starting it prepares models and demo data, which takes seconds.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "EId.Server";
}
