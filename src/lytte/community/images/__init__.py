"""Images in posts (issue 16, decision 53): checked and re-encoded without their metadata
(`processing`), stored in the database like the knowledge base's files and chat's attachments
(`models`), and served from Lytte with their post's visibility (`lytte.community.image_views`)."""
