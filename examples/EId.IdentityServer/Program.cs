using EId.IdentityServer;

// The example identity server on loopback (default http://127.0.0.1:5090), in front of the postal server
// (default http://127.0.0.1:5080). Configuration: EId__… environment variables, --EId:IdentityServer:… arguments. See README.md.
var app = await IdentityServerApp.CreateAsync(args);
await app.RunAsync();
