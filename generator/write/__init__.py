"""Write: the rendered files into the output folder, atomically, with a manifest."""
