[assembly: AssemblyFixture(typeof(EId.Biometrics.Tests.Support.PipelineFixture))]
