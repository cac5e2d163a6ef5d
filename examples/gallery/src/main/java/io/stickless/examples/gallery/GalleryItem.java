package io.stickless.examples.gallery;

import java.io.Serializable;

/**
 * One piece in the gallery: a row of the relational database, cached as part of a {@link Listing}
 * or on its own. The picture is drawn by the page from {@code hue}, so the demo ships no images.
 */
record GalleryItem(long id, String title, String artist, String description, int hue)
    implements Serializable {}
