[assembly: AssemblyFixture(typeof(EId.Gallery.Orleans.Tests.ClusterFixture))]
