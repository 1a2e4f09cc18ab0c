// The router is built under issue #5; until then this entry point only says so.
Console.Error.WriteLine("HtapRouter.Router is not implemented yet (issue #5).");
return 1;
