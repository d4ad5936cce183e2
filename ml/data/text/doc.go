// Package text holds sslab's text data: the Brown corpus under the text
// track's fixed protocol (tags, split, vocabulary, sentence task), the
// compact files it ships as, and the views a language-model objective
// trains on (BERT's masking, skip-gram's pairs and negatives).
//
// The protocol is fixed because results are compared with an independent
// implementation of it:
//
//   - words are lowercased; each Brown tag is mapped to the 12 universal
//     tags (UniversalTag);
//   - documents are split by id: sorted, and within each genre the document
//     at index i goes to the test split when i % 4 == 3 (Split);
//   - the vocabulary is the 5,000 most frequent lowercased words of the
//     training documents, ties broken by first occurrence, plus [PAD],
//     [UNK] and [MASK] (BuildVocab);
//   - sentences are the non-empty lines of the documents, truncated to 32
//     tokens for the model (Corpus.Sentence);
//   - the sentence task is informative against imaginative prose, Brown's
//     own top-level division of its genres (Informative).
//
// Nothing here reads a disk or the network: the loader reads its files
// from io.Readers that the command line or the page opens.
package text
