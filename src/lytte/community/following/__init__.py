"""Following threads and categories, and the mail it brings (decision 48): the rows here, the
writes in `community.services.following` and `.notifying`, the pages in `community.follows`."""
