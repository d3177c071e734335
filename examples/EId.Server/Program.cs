using EId.Server;

// The example server on loopback (default http://127.0.0.1:5080). Configuration: appsettings.json, EId__… environment
// variables, --EId:Server:WorkFolder=… arguments. See README.md.
var app = await ServerApp.CreateAsync(args);
await app.RunAsync();
