"""党员承诺: the page (``page.PledgesPage``) and its tabs."""
